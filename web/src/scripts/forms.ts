// What the story and community forms share: field-level errors from problem+json `errors[]`
// next to each field (and a summary that links to them), counters of characters as people
// count them, and the submit button's busy state.
import { ApiFailure } from '../api/client';
import { el, t } from './dom';
import { failureMessage } from './status';

/** Characters as a person counts them (grapheme clusters), as the API counts them. */
export function characters(text: string): number {
  let count = 0;
  for (const segment of new Intl.Segmenter().segment(text)) {
    void segment;
    count += 1;
  }
  return count;
}

/** Keeps `counter` saying how many characters `field` has against its limits. */
export function liveCount(field: HTMLInputElement | HTMLTextAreaElement, counter: HTMLElement, min: number, max: number): void {
  const update = () => {
    const n = characters(field.value);
    counter.textContent = t().characters(n, min, max);
    counter.classList.toggle('over', n > max);
  };
  field.addEventListener('input', update);
  update();
}

function errorId(field: string): string {
  return `error-${field.replace(/[^a-z0-9_-]/gi, '-')}`;
}

export function clearErrors(form: HTMLFormElement, summary: HTMLElement): void {
  summary.replaceChildren();
  summary.hidden = true;
  for (const node of form.querySelectorAll('.field-error')) {
    node.remove();
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.startsWith('error-'));
    control.setAttribute('aria-describedby', described.join(' '));
  }
}

/**
 * Shows the failure: each `errors[]` entry next to the field it names, a summary linking to
 * them, or the page-level message (offline, 429 with its wait, 503). Focus moves to the summary.
 */
export function showSubmitFailure(form: HTMLFormElement, summary: HTMLElement, error: unknown): void {
  clearErrors(form, summary);
  const fieldErrors = error instanceof ApiFailure ? error.problem?.errors ?? [] : [];
  const items: HTMLElement[] = [];
  for (const fieldError of fieldErrors) {
    const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(fieldError.field)}"]`);
    const container = control?.closest('.field');
    if (!control || !container || control.getAttribute('type') === 'hidden') {
      items.push(el('li', {}, fieldError.message));
      continue;
    }
    const id = errorId(fieldError.field);
    container.append(el('p', { class: 'field-error', id }, fieldError.message));
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
    const label = container.querySelector('label, legend')?.textContent?.trim() ?? fieldError.field;
    items.push(el('li', {}, el('a', { href: `#${control.id}` }, `${label}: ${fieldError.message}`)));
  }
  const message = fieldErrors.length ? t().errorSummary : failureMessage(error);
  summary.replaceChildren(
    el('p', {}, message),
    ...(items.length ? [el('ul', {}, ...items)] : []),
  );
  summary.dataset['state'] = error instanceof ApiFailure ? error.kind : 'failed';
  summary.hidden = false;
  summary.focus();
}

export function setBusy(button: HTMLButtonElement, busy: boolean, label: string): void {
  button.disabled = busy;
  button.setAttribute('aria-busy', String(busy));
  button.textContent = busy ? t().sending : label;
}

/** A labelled control in its `.field` container, with an optional hint under the label. */
export function field(id: string, label: string, control: HTMLElement, hint?: HTMLElement): HTMLElement {
  if (hint) {
    hint.id = `${id}-hint`;
    control.setAttribute('aria-describedby', hint.id);
  }
  return el('div', { class: 'field' }, el('label', { for: id }, label), hint ?? null, control);
}
