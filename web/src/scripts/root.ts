// `/` and any address without a language (`/glossary/`, an old email link): go to the same
// page in the reader's language, keeping the query.
import { preferredLang } from './lang-choice';

const path = location.pathname;
if (!/^\/(en|es)(\/|$)/.test(path)) {
  location.replace(`/${preferredLang()}${path}${location.search}${location.hash}`);
}
