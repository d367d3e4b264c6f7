// Steps several test files take: sharing a story through the form, signing in to moderate.
import assert from 'node:assert/strict';

/** The form token must be 3 s old (the time trap); a person takes longer than that anyway. */
export const TIME_TRAP_MS = 3_200;

/** Over the 100-character minimum of a story's body. */
export const STORY_BODY = {
  en: 'I joined a trial of a checkpoint inhibitor after my second surgery. The nurses explained every step, and the side effects were easier than I feared.',
  es: 'Me uní a un ensayo de un inhibidor de puntos de control después de mi segunda cirugía. Las enfermeras me explicaron cada paso y los efectos fueron más leves de lo que temía.',
};

export async function fillStory(page, { title, body }) {
  await page.locator('#story-form').waitFor();
  await page.fill('#story-title', title);
  await page.fill('#story-body', body);
  await page.selectOption('#story-role', { index: 1 });
  await page.selectOption('#story-cancer_type', { index: 1 });
  await page.selectOption('#story-treatment', { index: 1 });
  await page.check('#story-consent-publish_health_information');
  await page.check('#story-consent-patient_permission');
}

export async function signInToModerate(page, lang) {
  await page.goto(`/${lang}/moderation/`);
  await page.click('#sign-in');
  await page.locator('#queue-tabs button').first().waitFor();
  // The token lives in the page's memory only: nothing in either storage.
  const stored = await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]);
  assert.deepEqual(stored.filter((key) => key !== 'immunoguide.lang'), []);
}

export async function openInQueue(page, status, title) {
  await page.click(`#queue-tabs button[data-status="${status}"]`);
  const entry = page.locator('#moderation-view button[data-story]', { hasText: title });
  await entry.waitFor();
  await entry.click();
  await page.locator('#decision-form').waitFor();
  assert.equal(await page.textContent('#story-heading'), title);
}

export async function decide(page, action, reason) {
  await page.check(`#decision-${action}`);
  await page.fill('#decision-reason', reason);
  await page.click('#decision-form button[type="submit"]');
}
