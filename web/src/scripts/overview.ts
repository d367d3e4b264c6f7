// The overview page: sections, FAQs and calls to action from /v1/pages; the trial line.
import { api, call, type Schemas } from '../api/client';
import { byId, el, pageLang, sanitizedHtml, sitePath, t } from './dom';
import { withStates } from './status';
import { renderContact } from './contact';

const lang = pageLang();
const slug = byId('page').dataset['slug'] ?? 'clinical-trials-overview';

function renderPage(page: Schemas['PageDocument']): void {
  byId('page-title').textContent = page.title;
  document.title = `${page.title} · ${t().siteName}`;
  const body = byId('page-body');
  const sections = page.sections.map((section) =>
    el('section', { id: section.id, 'aria-labelledby': `${section.id}-h` },
      el('h2', { id: `${section.id}-h` }, section.heading),
      sanitizedHtml('div', section.html)),
  );
  const faqs = page.faqs.length
    ? el('section', { 'aria-labelledby': 'faqs-h', class: 'faqs' },
        el('h2', { id: 'faqs-h' }, t().faqs),
        ...page.faqs.map((faq) =>
          el('details', { id: faq.id },
            el('summary', {}, faq.question),
            sanitizedHtml('div', faq.answer_html))))
    : null;
  body.replaceChildren(el('p', { class: 'lead' }, page.summary), ...sections, ...(faqs ? [faqs] : []));
  byId('ctas').replaceChildren(...page.calls_to_action.map(renderCta));
}

function renderCta(cta: Schemas['CallToAction']): HTMLElement {
  const external = /^https?:\/\//.test(cta.href);
  const link = external
    ? el('a', { href: cta.href, class: 'button', rel: 'noopener' }, cta.label,
        el('span', { class: 'visually-hidden' }, ` ${t().externalLink}`))
    : el('a', { href: sitePath(cta.href.endsWith('/') ? cta.href : `${cta.href}/`), class: 'button' }, cta.label);
  return el('li', { class: `card cta-${cta.kind}` },
    el('h3', {}, cta.title), el('p', {}, cta.description), link);
}

void withStates(byId('page-body'), async () => {
  renderPage(await call(api.GET('/v1/pages/{slug}', { params: { path: { slug }, query: { lang } } })));
});
void withStates(byId('contact'), async () => {
  renderContact(byId('contact'), await call(api.GET('/v1/contact', { params: { query: { lang } } })));
});
