// The reader's language: the one they chose on this site (remembered in localStorage: a
// preference, nothing personal), else the browser's, else English.
import { isLang, type Lang } from '../i18n/strings';

const KEY = 'immunoguide.lang';

export function rememberLang(lang: string | undefined): void {
  if (isLang(lang)) {
    try {
      localStorage.setItem(KEY, lang);
    } catch {
      // Storage can be disabled; the choice then lasts for this page only.
    }
  }
}

export function preferredLang(): Lang {
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem(KEY);
  } catch {
    remembered = null;
  }
  if (isLang(remembered)) {
    return remembered;
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLang(primary)) {
      return primary;
    }
  }
  return 'en';
}
