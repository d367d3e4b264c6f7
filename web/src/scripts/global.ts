// On every page: remember the language a person switches to (the root page reads it), keep
// the query (a term, a story) when switching, and say "My account" once a member is signed in.
import { rememberLang } from './lang-choice';
import { refreshAccountLink } from './member-session';

for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-lang-switch]')) {
  if (location.search) {
    link.search = location.search;
  }
  link.addEventListener('click', () => rememberLang(link.dataset['langSwitch']));
}

refreshAccountLink();
