// What My stories and My subscription share: the signed-out state (a link to sign in) and the
// failures, where a 401 means the session has ended and anything else is the site's usual state.
import { ApiFailure } from '../api/client';
import { memberStrings } from '../i18n/member-strings';
import { el, pageLang, sitePath } from './dom';
import { memberToken, refreshAccountLink } from './member-session';
import { showFailure, showLoading } from './status';

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

/** A member page's loading: signed out, the sign-in link; else `show` after the loading
 *  state, with the member's failures (and "try again", which loads again) if it throws. */
export async function loadSignedIn(region: HTMLElement, show: () => Promise<void>): Promise<void> {
  if (!memberToken()) {
    showSignedOut(region);
    return;
  }
  showLoading(region);
  try {
    await show();
  } catch (error) {
    showMemberFailure(region, error, () => void loadSignedIn(region, show));
  }
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiFailure && error.kind === 'unauthorized';
}
