// Sharing a story, moderating it, reading it published, withdrawing it; in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, langs, newPage, serverAndBrowser } from './support/browser.mjs';
import { decide, fillStory, openInQueue, signInToModerate, STORY_BODY, TIME_TRAP_MS } from './support/flows.mjs';

const env = serverAndBrowser();

const body = (lang) => STORY_BODY[lang];

for (const lang of langs) {
  test(`a story in ${lang}: shared, approved, published, withdrawn`, async () => {
    const title = lang === 'en' ? 'My trial, step by step' : 'Mi ensayo, paso a paso';
    const page = await newPage(env.browser, env.server.url, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(`/${lang}/stories/share/`);
    await page.locator('#story-form').waitFor();
    await audit(page, `share-${lang}`);
    await fillStory(page, { title, body: body(lang) });
    assert.match(await page.locator('#story-title-hint').textContent(), new RegExp(`^${[...title].length} `));
    await page.waitForTimeout(TIME_TRAP_MS);
    // A double click sends one story: the second press finds the button busy, and a retry
    // would carry the same Idempotency-Key.
    await page.dblclick('#story-form button[type="submit"]');
    await page.locator('#withdrawal-code').waitFor();
    const code = await page.textContent('#withdrawal-code');
    const id = await page.textContent('#story-id');
    assert.ok(code.length > 20, 'the withdrawal code is shown');
    await page.click('.success button');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code, 'copied');
    await audit(page, `share-done-${lang}`);

    const moderator = await newPage(env.browser, env.server.url);
    await signInToModerate(moderator, lang);
    await audit(moderator, `moderation-queue-${lang}`);
    await openInQueue(moderator, 'pending', title);
    assert.equal(await moderator.locator('#moderation-view button[data-story]').count(), 0);
    await audit(moderator, `moderation-story-${lang}`);
    await decide(moderator, 'approve', 'Clear, kind and without personal data.');
    await moderator.locator('#moderation-view .success').waitFor();
    assert.match(await moderator.textContent('#moderation-view'), /approved/);
    const pending = await moderator.evaluate(async () => {
      const queue = document.querySelector('#queue-tabs button[data-status="pending"]');
      queue.click();
      return true;
    });
    assert.ok(pending);
    await moderator.locator('#moderation-view .empty').waitFor();
    await moderator.context().close();

    await page.goto(`/${lang}/stories/`);
    const link = page.locator('#stories h2 a', { hasText: title });
    await link.waitFor();
    assert.equal(await page.locator('#stories h2 a').count(), 1, 'one story, though the button was pressed twice');
    await audit(page, `stories-${lang}`);
    await link.click();
    await page.waitForURL(/\/stories\/story\/\?id=/);
    await page.locator('#story .meta').waitFor();
    assert.equal(await page.textContent('h1'), title);
    await audit(page, `story-${lang}`);

    await page.goto(`/${lang}/stories/withdraw/`);
    await page.fill('#withdraw-id', id);
    await page.fill('#withdraw-code', `${code.slice(0, -2)}xx`);
    await page.click('#withdraw-submit');
    await page.locator('#withdraw-summary:not([hidden])').waitFor();
    await audit(page, `withdraw-refused-${lang}`);
    await page.fill('#withdraw-code', code);
    await page.click('#withdraw-submit');
    await page.locator('#withdraw-result .success').waitFor();
    await audit(page, `withdrawn-${lang}`);
    await page.goto(`/${lang}/stories/`);
    await page.locator('#stories .empty').waitFor();
    await page.goBack();
    await page.goto(`/${lang}/stories/story/?id=${id}`);
    await page.locator('#story [data-state="not_found"]').waitFor();
    await page.context().close();
  });
}

test('validation errors appear next to the fields the API names', async () => {
  const page = await newPage(env.browser, env.server.url);
  await page.goto('/en/stories/share/');
  await page.locator('#story-form').waitFor();
  await page.fill('#story-title', 'Hi');
  await page.fill('#story-body', 'Too short.');
  await page.waitForTimeout(TIME_TRAP_MS);
  await page.click('#story-form button[type="submit"]');
  const summary = page.locator('#story-form .error-summary');
  await summary.locator('li').first().waitFor();
  for (const field of ['title', 'body', 'role', 'consents.publish_health_information', 'consents.patient_permission']) {
    const control = page.locator(`[name="${field}"]`);
    assert.equal(await control.getAttribute('aria-invalid'), 'true', field);
    const error = control.locator('xpath=ancestor::*[contains(@class,"field")][1]').locator('.field-error');
    assert.ok(await error.count(), `an error next to ${field}`);
    assert.ok((await control.getAttribute('aria-describedby')).includes(await error.first().getAttribute('id')), `${field} is described by its error`);
  }
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'focus on the summary');
  await audit(page, 'share-errors-en');
  await page.context().close();
});

test('a decision on a stale version is explained (409)', async () => {
  const author = await newPage(env.browser, env.server.url);
  await author.goto('/en/stories/share/');
  await fillStory(author, { title: 'Two moderators at once', body: body('en') });
  await author.waitForTimeout(TIME_TRAP_MS);
  await author.click('#story-form button[type="submit"]');
  await author.locator('#withdrawal-code').waitFor();
  const first = await newPage(env.browser, env.server.url);
  const second = await newPage(env.browser, env.server.url);
  for (const moderator of [first, second]) {
    await signInToModerate(moderator, 'en');
    await openInQueue(moderator, 'pending', 'Two moderators at once');
  }
  // The first edits the title as it approves: a new revision beside the original.
  await first.fill('#decision-title', 'Two moderators, one edit');
  await decide(first, 'approve', 'Fine, with a clearer title.');
  await first.locator('#moderation-view .success').waitFor();
  assert.equal(await first.textContent('#story-heading'), 'Two moderators, one edit');
  assert.match(await first.textContent('#moderation-view'), /Revision 2/);
  await decide(second, 'reject', 'Off topic.');
  const stale = second.locator('[data-state="stale"]');
  await stale.waitFor();
  assert.match(await stale.textContent(), /changed this story/);
  await audit(second, 'moderation-stale-en');
  await second.click('#decision-form .error-summary button');
  await second.locator('#moderation-view .meta', { hasText: 'Approved' }).waitFor();
  for (const page of [author, first, second]) {
    await page.context().close();
  }
});
