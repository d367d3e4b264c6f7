// The pages' text for prerendering, as the API serves it: generated from content/pages/ by the
// Rust content crate (`cargo run -- site-content`, also run by every site build of the local
// server); tests/api/site_content.rs proves the file equals the API's answers, so the API's
// types describe it.
import generated from '../generated/site-content.json';
import type { Schemas } from '../api/client';
import type { Lang } from './strings';

/** The parts of `/v1/contact` that do not depend on the time. */
export type TrialLineDetails = Pick<Schemas['ContactAnswer'], 'phone' | 'hours' | 'languages'>;

interface SiteContent {
  pages: Record<string, Record<Lang, Schemas['PageDocument']>>;
  trial_line: Record<Lang, TrialLineDetails>;
}

const content = generated as SiteContent;

export function pageText(slug: string, lang: Lang): Schemas['PageDocument'] {
  const page = content.pages[slug]?.[lang];
  if (!page) {
    throw new Error(`no page ${slug}/${lang} in src/generated/site-content.json: run \`cargo run -- site-content\``);
  }
  return page;
}

export function trialLine(lang: Lang): TrialLineDetails {
  return content.trial_line[lang];
}
