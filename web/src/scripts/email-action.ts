// Confirm, unsubscribe, erase: the token from the email link is taken out of the address bar
// at once (history.replaceState) and kept in memory until the button is pressed.
import { api, ApiFailure, call } from '../api/client';
import { byId, el, t, takeToken } from './dom';
import { failureMessage } from './status';

const words = t();
const token = takeToken();
const result = byId('email-action-result');
const buttons = [...document.querySelectorAll<HTMLButtonElement>('button[data-action]')];

const actions = {
  confirm: { run: (body: { token: string }) => api.POST('/v1/community/confirmations', { body }), done: words.confirmed },
  unsubscribe: { run: (body: { token: string }) => api.POST('/v1/community/unsubscribe', { body }), done: words.unsubscribed },
  erase: { run: (body: { token: string }) => api.POST('/v1/community/erasure', { body }), done: words.erased },
} as const;

function show(message: string, role: 'status' | 'alert', state: string): void {
  result.replaceChildren(el('p', { role, 'data-state': state, class: role === 'alert' ? 'status problem' : 'success' }, message));
  result.focus();
}

if (!token) {
  show(words.linkMissing, 'alert', 'missing');
} else {
  for (const button of buttons) {
    button.disabled = false;
    button.addEventListener('click', () => {
      const action = actions[button.dataset['action'] as keyof typeof actions];
      for (const each of buttons) {
        each.disabled = true;
      }
      call<{ status: string }>(action.run({ token }))
        // An erase link from any email but the erasure email asks for one (202).
        .then((answer) => show(answer.status === 'erasure_link_sent' ? words.erasureLinkSent : action.done, 'status',
          answer.status === 'erasure_link_sent' ? 'link-sent' : 'done'))
        .catch((error: unknown) => {
          const invalid = error instanceof ApiFailure && (error.kind === 'invalid' || error.kind === 'not_found');
          show(invalid ? words.linkInvalid : failureMessage(error), 'alert', invalid ? 'invalid' : 'failed');
          if (!invalid) {
            for (const each of buttons) {
              each.disabled = false; // offline, 429 or 503: the same press can be tried again
            }
          }
        });
    });
  }
}
