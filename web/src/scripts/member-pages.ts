// What My stories and My subscription share: the signed-out state (a link to sign in) and the
// failures, where a 401 means the session has ended and anything else is the site's usual state.
import { ApiFailure } from '../api/client';
import { memberStrings } from '../i18n/member-strings';
import { el, pageLang, sitePath } from './dom';
import { refreshAccountLink } from './member-session';
import { showFailure } from './status';

export const memberWords = () => memberStrings(pageLang());

export function showSignedOut(region: HTMLElement, ended = false): void {
  const words = memberWords();
  refreshAccountLink();
  region.removeAttribute('aria-busy');
  region.replaceChildren(
    el('p', { class: `status${ended ? ' problem' : ''}`, role: ended ? 'alert' : 'status', 'data-state': ended ? 'signed-out' : 'anonymous' },
      ended ? words.sessionEnded : words.signInFirst),
    el('p', {}, el('a', { href: sitePath('/account/'), id: 'go-sign-in' }, words.goSignIn)),
  );
}

/** 401: signed out (member-api has ended the session); else the failure with "try again". */
export function showMemberFailure(region: HTMLElement, error: unknown, retry: () => void): void {
  if (error instanceof ApiFailure && error.kind === 'unauthorized') {
    showSignedOut(region, true);
    return;
  }
  showFailure(region, error, retry);
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiFailure && error.kind === 'unauthorized';
}
