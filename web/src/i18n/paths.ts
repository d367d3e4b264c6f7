// Static paths for every page that exists in both languages.
import { langs, type Lang } from './strings';

export function langPaths() {
  return langs.map((lang) => ({ params: { lang } }));
}

/**
 * A call to action's link: frontend paths in the page's language, with a trailing slash.
 * Shared by the prerendered page and its script (not in site-content.ts: that would bundle the
 * pages' text into the script).
 */
export function ctaHref(href: string, lang: Lang): { href: string; external: boolean } {
  if (/^https?:\/\//.test(href)) {
    return { href, external: true };
  }
  const path = href.endsWith('/') ? href : `${href}/`;
  return { href: `/${lang}${path.startsWith('/') ? path : `/${path}`}`, external: false };
}
