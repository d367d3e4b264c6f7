// Search results, ranked by the API; "did you mean" when the best match forgave a typo.
import { api, call, type Schemas } from '../api/client';
import { byId, el, pageLang, param, sitePath, t } from './dom';
import { highlighted } from './highlight';
import { showEmpty, withStates } from './status';

const lang = pageLang();
const q = (param('q') ?? '').trim();
const cursor = param('cursor') ?? undefined;
const words = t();
const input = byId<HTMLInputElement>('glossary-q');
input.value = q;

function termLink(hit: Schemas['SearchHit']): HTMLElement {
  return el('a', { href: `${sitePath('/glossary/term/', lang)}?slug=${encodeURIComponent(hit.slug)}` },
    ...(hit.matched.field === 'name' ? highlighted(hit.name, hit.matched.highlights) : [hit.name]));
}

const region = byId('results');
if (q) {
  byId('results-title').textContent = words.resultsFor(q);
  document.title = `${words.resultsFor(q)} · ${words.siteName}`;
  void withStates(region, async () => {
    const answer = await call(api.GET('/v1/glossary/search', {
      params: { query: { q, lang, ...(cursor ? { cursor } : {}) } },
    }));
    if (!answer.results.length) {
      showEmpty(region, words.noResults);
      return;
    }
    const best = answer.results[0];
    const fuzzy = best && best.matched.kind === 'fuzzy';
    const next = answer.next_cursor
      ? el('p', { class: 'pager' }, el('a', {
          rel: 'next',
          href: `${sitePath('/glossary/search/', lang)}?${new URLSearchParams({ q, cursor: answer.next_cursor })}`,
        }, words.nextPage))
      : null;
    region.replaceChildren(
      ...(fuzzy && best ? [el('p', { class: 'did-you-mean', role: 'status' }, `${words.didYouMean} `, termLink(best), '?')] : []),
      el('p', {}, words.resultsCount(answer.total)),
      el('ol', { class: 'terms' }, ...answer.results.map((hit) =>
        el('li', {}, termLink(hit),
          hit.matched.field !== 'name' ? el('span', { class: 'alias-of' }, ` (${hit.matched.text})`) : null,
          hit.definition ? el('p', {}, hit.definition) : null))),
      ...(next ? [next] : []),
    );
  });
} else {
  showEmpty(region, words.glossaryIntro);
}
