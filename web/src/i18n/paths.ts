// Static paths for every page that exists in both languages.
import { langs } from './strings';

export function langPaths() {
  return langs.map((lang) => ({ params: { lang } }));
}
