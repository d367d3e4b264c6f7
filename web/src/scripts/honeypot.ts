// The field only bots fill in: out of sight, out of the tab order, hidden from screen readers.
import { el } from './dom';

export function honeypot(name: string): HTMLElement {
  return el('div', { class: 'hp', 'aria-hidden': 'true' },
    el('label', { for: `hp-${name}` }, name),
    el('input', { id: `hp-${name}`, name, type: 'text', tabindex: '-1', autocomplete: 'off' }));
}
