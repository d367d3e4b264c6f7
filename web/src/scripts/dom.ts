// Small DOM helpers: pages build their dynamic parts with these, never with innerHTML (except
// the API's sanitized HTML, see `sanitizedHtml`).
import { isLang, strings, type Lang, type Strings } from '../i18n/strings';

export function pageLang(): Lang {
  const lang = document.documentElement.lang;
  return isLang(lang) ? lang : 'en';
}

export function t(): Strings {
  return strings(pageLang());
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) {
    throw new Error(`#${id} is missing from the page`);
  }
  return found as T;
}

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) {
      node.setAttribute(name, '');
    } else if (typeof value === 'string') {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child) {
      node.append(child);
    }
  }
  return node;
}

/** HTML the API has sanitized (ammonia) into an element; the CSP blocks any script anyway. */
export function sanitizedHtml(tag: 'div' | 'section', html: string): HTMLElement {
  const node = document.createElement(tag);
  node.innerHTML = html;
  return node;
}

/** A site path in the page's language: `/glossary/` becomes `/es/glossary/`. */
export function sitePath(path: string, lang: Lang = pageLang()): string {
  return `/${lang}${path.startsWith('/') ? path : `/${path}`}`;
}

/** A query parameter of the current address. */
export function param(name: string): string | null {
  return new URL(location.href).searchParams.get(name);
}

/**
 * Reads a token from the address and removes it from the address bar and history, so that it
 * is not left in the history, bookmarks or a shared screen.
 */
export function takeToken(name = 'token'): string | null {
  const url = new URL(location.href);
  const token = url.searchParams.get(name);
  if (token !== null) {
    url.searchParams.delete(name);
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  return token;
}

export function formatDate(iso: string, lang: Lang = pageLang()): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(new Date(iso));
}
