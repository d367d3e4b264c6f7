// Joining, then every link of the emails in target/outbox/: confirm (a GET never confirms),
// unsubscribe from the body's link, erase; in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { latestEmail, linkTo } from './support/server.mjs';
import { audit, langs, newPage, serverAndBrowser } from './support/browser.mjs';
import { TIME_TRAP_MS } from './support/flows.mjs';

const env = serverAndBrowser();

async function join(page, lang, address) {
  await page.goto(`/${lang}/community/join/`);
  await page.locator('#join-form').waitFor();
  await audit(page, `join-${lang}`);
  await page.fill('#join-email', address);
  await page.locator('#join-form input[name="interests"]').first().check();
  await page.check('#join-consent');
  await page.waitForTimeout(TIME_TRAP_MS);
  await page.click('#join-form button[type="submit"]');
  await page.locator('#join-done').waitFor();
  await audit(page, `joined-${lang}`);
}

/** Opens an email link as a person would; the token must leave the address bar at once. */
async function open(page, link, name) {
  await page.goto(link.replace(/^https?:\/\/[^/]+/, env.server.url));
  await page.waitForFunction(() => !location.search.includes('token='));
  const button = page.locator('#email-actions button').first();
  await button.waitFor();
  assert.equal(await button.isEnabled(), true);
  assert.ok(!page.url().includes('token='), 'the token is gone from the address bar');
  await audit(page, name);
}

async function press(page, text) {
  await page.locator('#email-actions button').first().click();
  const result = page.locator('#email-action-result [data-state]');
  await result.waitFor();
  assert.match(await result.textContent(), text);
  return result.getAttribute('data-state');
}

for (const lang of langs) {
  const done = lang === 'en'
    ? { confirmed: /confirmed/, unsubscribed: /unsubscribed/, linkSent: /emailed you a link/, erased: /has been erased/ }
    : { confirmed: /confirmada/, unsubscribed: /cancelada/, linkSent: /le enviamos/, erased: /se borraron/ };

  test(`join in ${lang}, confirm from the email, unsubscribe from its body, erase`, async () => {
    const address = `member-${randomUUID()}@example.org`;
    const page = await newPage(env.browser, env.server.url);
    const since = Date.now() - 1000;
    await join(page, lang, address);
    const mail = await latestEmail(address, { after: since });
    const confirm = linkTo(mail, `/${lang}/community/confirm/`);
    assert.match(mail.headers, /List-Unsubscribe: <http:\/\/[^>]+\/v1\/community\/unsubscribe\?token=/, 'the header keeps one-click POST');
    assert.match(mail.headers, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    assert.ok(!mail.body.includes('/v1/'), 'every body link is a site page');

    // A mail scanner's GET: the page opens, and nothing is confirmed until the button.
    const scanner = await newPage(env.browser, env.server.url);
    await open(scanner, confirm, `confirm-${lang}`);
    await scanner.context().close();

    await open(page, confirm, `confirm-${lang}`);
    assert.equal(await press(page, done.confirmed), 'done');
    await audit(page, `confirmed-${lang}`);
    await open(page, confirm, `confirm-again-${lang}`);
    assert.equal(await press(page, done.confirmed), 'done', 'confirming again is harmless');

    await open(page, linkTo(mail, `/${lang}/community/unsubscribe/`), `unsubscribe-${lang}`);
    assert.equal(await press(page, done.unsubscribed), 'done');
    await audit(page, `unsubscribed-${lang}`);
    await open(page, confirm, `confirm-after-leaving-${lang}`);
    assert.equal(await press(page, /./), 'invalid', 'a link mailed before leaving cannot bring the address back');

    // An email's erase link asks for an erasure link, mailed to the address; that one erases.
    const asked = Date.now() - 1000;
    await open(page, linkTo(mail, `/${lang}/community/erase/`), `erase-${lang}`);
    assert.equal(await press(page, done.linkSent), 'link-sent');
    const erasureMail = await latestEmail(address, { after: asked });
    await open(page, linkTo(erasureMail, `/${lang}/community/erase/`), `erase-link-${lang}`);
    assert.equal(await press(page, done.erased), 'done');
    await audit(page, `erased-${lang}`);
    await page.context().close();
  });
}

test('a member who joins again gets the manage page link, which works', async () => {
  const address = `again-${randomUUID()}@example.org`;
  const page = await newPage(env.browser, env.server.url);
  await join(page, 'en', address);
  const first = await latestEmail(address);
  await open(page, linkTo(first, '/en/community/confirm/'), 'confirm-en');
  await press(page, /confirmed/);
  const since = Date.now();
  await join(page, 'en', address);
  const second = await latestEmail(address, { after: since });
  await open(page, linkTo(second, '/en/community/manage/'), 'manage-en');
  assert.equal(await page.locator('#email-actions button').count(), 2, 'unsubscribe and erase');
  await page.locator('#email-actions button[data-action="erase"]').click();
  await page.locator('#email-action-result [data-state="link-sent"]').waitFor();
  await page.context().close();
});

test('an email page opened without its token says so', async () => {
  const page = await newPage(env.browser, env.server.url);
  await page.goto('/es/community/unsubscribe/');
  const result = page.locator('#email-action-result [data-state="missing"]');
  await result.waitFor();
  assert.equal(await page.locator('#email-actions button').first().isDisabled(), true);
  await audit(page, 'unsubscribe-missing-es');
  await page.context().close();
});
