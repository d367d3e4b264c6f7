// Withdrawing a story with its number and the code shown once when it was shared; the code is
// sent as a bearer token, never in the address.
import { api, ApiFailure, call } from '../api/client';
import { byId, el, t } from './dom';
import { setBusy, showSubmitFailure } from './forms';

const words = t();
const form = byId<HTMLFormElement>('withdraw-form');
const summary = byId('withdraw-summary');
const submit = byId<HTMLButtonElement>('withdraw-submit');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const id = byId<HTMLInputElement>('withdraw-id').value.trim();
  const code = byId<HTMLInputElement>('withdraw-code').value.trim();
  setBusy(submit, true, words.withdrawButton);
  call(api.DELETE('/v1/stories/{id}', {
    params: { path: { id } },
    headers: { Authorization: `Bearer ${code}` },
  }))
    .then(() => {
      form.hidden = true;
      byId('withdraw-result').replaceChildren(el('p', { class: 'success' }, words.withdrawn));
    })
    .catch((error: unknown) => {
      setBusy(submit, false, words.withdrawButton);
      const refused = error instanceof ApiFailure && ['unauthorized', 'not_found', 'forbidden', 'invalid'].includes(error.kind);
      if (refused) {
        summary.replaceChildren(el('p', {}, words.withdrawRefused));
        summary.hidden = false;
        summary.focus();
      } else {
        showSubmitFailure(form, summary, error);
      }
    });
});
