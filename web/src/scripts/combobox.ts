// Type-ahead for the glossary: debounced suggest calls, arrow keys move through the options,
// Enter opens the active term (or searches), Escape closes; the count is announced.
import { api, call, type Schemas } from '../api/client';
import { byId, el, pageLang, sitePath, t } from './dom';
import { highlighted } from './highlight';

const DEBOUNCE_MS = 150;
const input = byId<HTMLInputElement>('glossary-q');
const list = byId<HTMLUListElement>('glossary-suggestions');
const announce = byId('glossary-announce');
const lang = pageLang();
let options: Schemas['Suggestions']['suggestions'] = [];
let active = -1;
let timer: number | undefined;
let latest = 0;

function termHref(slug: string): string {
  return `${sitePath('/glossary/term/', lang)}?slug=${encodeURIComponent(slug)}`;
}

function close(): void {
  list.hidden = true;
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
  active = -1;
}

function render(): void {
  list.replaceChildren(
    ...options.map((option, index) => {
      const item = el('li', {
        id: `glossary-option-${index}`,
        role: 'option',
        'aria-selected': index === active ? 'true' : 'false',
        'data-slug': option.slug,
      }, ...highlighted(option.matched.text, option.matched.highlights));
      if (option.matched.text !== option.name) {
        item.append(el('span', { class: 'alias-of' }, ` → ${option.name}`));
      }
      // mousedown, not click: the input's blur must not close the list first.
      item.addEventListener('mousedown', (event) => {
        event.preventDefault();
        location.assign(termHref(option.slug));
      });
      return item;
    }),
  );
  const open = options.length > 0;
  list.hidden = !open;
  input.setAttribute('aria-expanded', String(open));
  if (active >= 0) {
    input.setAttribute('aria-activedescendant', `glossary-option-${active}`);
  } else {
    input.removeAttribute('aria-activedescendant');
  }
}

async function suggest(q: string): Promise<void> {
  const request = ++latest;
  try {
    const answer = await call(api.GET('/v1/glossary/suggest', { params: { query: { q, lang } } }));
    if (request !== latest) {
      return; // a newer keystroke has asked since
    }
    options = answer.suggestions;
    active = -1;
    render();
    announce.textContent = options.length ? t().suggestionsCount(options.length) : t().noSuggestions;
  } catch {
    // Type-ahead is a convenience: on failure the form still searches.
    options = [];
    close();
  }
}

input.addEventListener('input', () => {
  window.clearTimeout(timer);
  const q = input.value.trim();
  if (!q) {
    options = [];
    close();
    return;
  }
  timer = window.setTimeout(() => void suggest(q), DEBOUNCE_MS);
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (!options.length) {
      return;
    }
    event.preventDefault();
    // From the text (-1) through each option and back to the text.
    active += event.key === 'ArrowDown' ? 1 : -1;
    if (active >= options.length) {
      active = -1;
    } else if (active < -1) {
      active = options.length - 1;
    }
    render();
  } else if (event.key === 'Enter' && options[active]) {
    event.preventDefault();
    location.assign(termHref(options[active]?.slug ?? ''));
  } else if (event.key === 'Escape') {
    close();
  }
});

input.addEventListener('blur', close);
