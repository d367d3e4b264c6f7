// The states every page shares: loading, empty, offline, 429 (with the wait from Retry-After),
// 503 and other failures, each with a way to try again.
import { ApiFailure } from '../api/client';
import { el, t } from './dom';

export function showLoading(region: HTMLElement): void {
  region.replaceChildren(el('p', { class: 'status', role: 'status' }, t().loading));
  region.setAttribute('aria-busy', 'true');
}

export function showEmpty(region: HTMLElement, message = t().empty): void {
  region.removeAttribute('aria-busy');
  region.replaceChildren(el('p', { class: 'status empty', role: 'status' }, message));
}

/** The message for a failure a page has no more specific words for. */
export function failureMessage(error: unknown): string {
  const words = t();
  if (!(error instanceof ApiFailure)) {
    return words.failed;
  }
  switch (error.kind) {
    case 'offline':
      return words.offline;
    case 'rate_limited':
      return words.tooMany(error.retryAfter ?? 60);
    case 'unavailable':
      return words.unavailable;
    case 'not_found':
      return words.notFoundText;
    default:
      return error.problem?.detail ?? error.problem?.title ?? words.failed;
  }
}

/** Replaces `region`'s content with the failure's explanation and a "try again" button. */
export function showFailure(region: HTMLElement, error: unknown, retry?: () => void): void {
  region.removeAttribute('aria-busy');
  const kind = error instanceof ApiFailure ? error.kind : 'failed';
  const box = el(
    'div',
    { class: `status problem problem-${kind}`, role: 'alert', 'data-state': kind },
    el('p', {}, failureMessage(error)),
  );
  if (retry) {
    const button = el('button', { type: 'button', class: 'secondary' }, t().tryAgain);
    button.addEventListener('click', retry);
    box.append(button);
  }
  region.replaceChildren(box);
}

/** Runs `load` with the loading state in `region`, and the failure state when it throws. */
export async function withStates(region: HTMLElement, load: () => Promise<void>): Promise<void> {
  showLoading(region);
  try {
    await load();
    region.removeAttribute('aria-busy');
  } catch (error) {
    showFailure(region, error, () => void withStates(region, load));
  }
}
