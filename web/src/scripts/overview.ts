// The overview page: its text is prerendered (components/PageText.astro); this revalidates it
// from /v1/pages and re-renders only when the API's text differs from the build's, so that a
// change seeded into DynamoDB shows. The trial line's open-now state comes from /v1/contact.
import { api, call, type Schemas } from '../api/client';
import { ctaHref } from '../i18n/paths';
import { byId, el, pageLang, sanitizedHtml, t } from './dom';
import { showFailure } from './status';
import { renderContact } from './contact';

const lang = pageLang();
const article = byId('page');
const slug = article.dataset['slug'] ?? 'clinical-trials-overview';

/** The same markup as PageText.astro and CallsToAction.astro. */
function renderPage(page: Schemas['PageDocument']): void {
  byId('page-title').textContent = page.title;
  document.title = `${page.title} · ${t().siteName}`;
  if (page.lang === lang) {
    article.removeAttribute('lang');
  } else {
    article.setAttribute('lang', page.lang);
  }
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
  byId('page-body').replaceChildren(el('p', { class: 'lead' }, page.summary), ...sections, ...(faqs ? [faqs] : []));
  byId('ctas').replaceChildren(...page.calls_to_action.map(renderCta));
}

function renderCta(cta: Schemas['CallToAction']): HTMLElement {
  const link = ctaHref(cta.href, lang);
  const anchor = link.external
    ? el('a', { href: link.href, class: 'button', rel: 'noopener' }, cta.label,
        el('span', { class: 'visually-hidden' }, ` ${t().externalLink}`))
    : el('a', { href: link.href, class: 'button' }, cta.label);
  return el('li', { class: `card cta-${cta.kind}` },
    el('h3', {}, cta.title), el('p', {}, cta.description), anchor);
}

/** The SHA-256 of the page's JSON, as PageText.astro computes it at build time. */
async function version(page: Schemas['PageDocument']): Promise<string | null> {
  if (!globalThis.crypto?.subtle) {
    return null;
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(page)));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function revalidate(): Promise<void> {
  try {
    const page = await call(api.GET('/v1/pages/{slug}', { params: { path: { slug }, query: { lang } } }));
    const current = await version(page);
    if (current === null || current !== article.dataset['version']) {
      renderPage(page);
      article.dataset['version'] = current ?? '';
    }
  } catch {
    // The prerendered text stays: it is this build's, and the reader is not worse off.
  }
}

/** The trial line's state; on failure the prerendered number and hours stay, with the reason. */
async function loadContact(): Promise<void> {
  const region = byId('contact');
  try {
    renderContact(region, await call(api.GET('/v1/contact', { params: { query: { lang } } })));
  } catch (error) {
    const box = el('div');
    region.append(box);
    showFailure(box, error, () => {
      box.remove();
      void loadContact();
    });
  }
}

void revalidate();
void loadContact();
