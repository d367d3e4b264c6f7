// A glossary term: definitions, pronunciation, aliases, the other language, related terms and
// NCI's credit, with a button to copy the term's address.
import { api, call, type Schemas } from '../api/client';
import { byId, el, pageLang, param, sanitizedHtml, sitePath, t } from './dom';
import { withStates } from './status';

const lang = pageLang();
const slug = param('slug') ?? '';
const words = t();
const termHref = (target: string, inLang = lang) =>
  `${sitePath('/glossary/term/', inLang)}?slug=${encodeURIComponent(target)}`;

function render(term: Schemas['TermDocument']): void {
  byId('term-name').textContent = term.name;
  document.title = `${term.name} · ${words.glossaryTitle}`;
  const copy = el('button', { type: 'button', class: 'secondary' }, words.copyLink);
  const copied = el('span', { role: 'status' });
  copy.addEventListener('click', () => {
    void navigator.clipboard.writeText(location.href).then(() => { copied.textContent = ` ${words.copied}`; });
  });
  const other = term.other_language;
  byId('term-body').replaceChildren(
    ...(term.pronunciation ? [el('p', { class: 'pronunciation' }, `${words.pronunciation}: `, el('span', {}, term.pronunciation))] : []),
    ...term.definitions.map((definition) => sanitizedHtml('div', definition.html)),
    ...(term.aliases.length ? [el('p', {}, `${words.alsoCalled}: ${term.aliases.join(', ')}`)] : []),
    ...(other ? [el('p', {}, `${words.inOtherLang}: `,
      el('a', { href: termHref(other.slug, other.lang), lang: other.lang, hreflang: other.lang }, other.name))] : []),
    ...(term.related_terms.length ? [
      el('h2', {}, words.relatedTerms),
      el('ul', {}, ...term.related_terms.map((related) => el('li', {}, el('a', { href: termHref(related.slug) }, related.name)))),
    ] : []),
    ...(term.related_links.length ? [
      el('h2', {}, words.moreInfo),
      el('ul', {}, ...term.related_links.map((link) => el('li', {}, link.url ? el('a', { href: link.url, rel: 'noopener' }, link.title) : link.title))),
    ] : []),
    el('p', {}, copy, copied),
    el('p', { class: 'credit' }, el('a', { href: term.nci_url, rel: 'noopener' }, term.source.credit)),
  );
}

void withStates(byId('term-body'), async () => {
  render(await call(api.GET('/v1/glossary/terms/{slug}', { params: { path: { slug }, query: { lang } } })));
});
