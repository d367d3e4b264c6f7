// A–Z browse: the letter bar with counts, one page of terms, and the next page. The letter
// and cursor live in the address, so every page of the list can be shared and bookmarked.
import { api, call, type Schemas } from '../api/client';
import { byId, el, pageLang, param, sitePath, t } from './dom';
import { withStates } from './status';

const lang = pageLang();
const letter = (param('letter') ?? 'a').toLowerCase() as Schemas['Letter'];
const cursor = param('cursor') ?? undefined;
const PAGE_SIZE = 50;

function browseHref(query: Record<string, string>): string {
  return `${sitePath('/glossary/', lang)}?${new URLSearchParams(query)}`;
}

const region = byId('browse');
void withStates(region, async () => {
  const list = await call(api.GET('/v1/glossary/terms', {
    params: { query: { lang, letter, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
  }));
  byId('letters').replaceChildren(...list.letters.map((entry) => {
    const label = `${entry.letter.toUpperCase()} (${entry.count})`;
    return el('li', {},
      entry.count
        ? el('a', { href: browseHref({ letter: entry.letter }), 'aria-current': entry.letter === letter ? 'page' : undefined }, label)
        : el('span', { class: 'disabled' }, label));
  }));
  const words = t();
  const pages = el('p', { class: 'pager' });
  if (cursor) {
    pages.append(el('a', { href: browseHref({ letter }) }, words.firstPage), ' ');
  }
  if (list.next_cursor) {
    pages.append(el('a', { href: browseHref({ letter, cursor: list.next_cursor }), rel: 'next' }, words.nextPage));
  }
  region.replaceChildren(
    el('h3', {}, words.termsUnder(letter, list.total)),
    el('ul', { class: 'terms' }, ...list.terms.map((term) =>
      el('li', {}, el('a', { href: `${sitePath('/glossary/term/', lang)}?slug=${encodeURIComponent(term.slug)}` }, term.name),
        term.definition ? el('p', {}, term.definition) : null))),
    pages,
  );
});
