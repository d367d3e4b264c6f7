// On every page: remember the language a person switches to (the root page reads it), and keep
// the query (a term, a story) when switching.
import { rememberLang } from './lang-choice';

for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-lang-switch]')) {
  if (location.search) {
    link.search = location.search;
  }
  link.addEventListener('click', () => rememberLang(link.dataset['langSwitch']));
}
