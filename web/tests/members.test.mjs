// Members, with the local development sign-in, in both languages: who I am; a story shared
// signed in is in My stories and withdrawn from there; the subscription joined with a verified
// email (at once) and an unverified one (the confirmation email), changed and left; deleting
// the account; an ended session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { binary, latestEmail, linkTo, startServer } from './support/server.mjs';
import { startDynamoDbLocal } from './support/dynamodb.mjs';
import { audit, langs, newPage, serverAndBrowser } from './support/browser.mjs';
import { fillStory, STORY_BODY, TIME_TRAP_MS } from './support/flows.mjs';

const env = serverAndBrowser();
const SESSION_KEY = 'immunoguide.member';

const words = {
  en: { signIn: 'Sign in', account: 'My account', pending: /Waiting for a moderator/, withdrawn: /Withdrawn/, ended: /session has ended/ },
  es: { signIn: 'Iniciar sesión', account: 'Mi cuenta', pending: /Esperando a un moderador/, withdrawn: /Retirada/, ended: /sesión terminó/ },
};

const address = (name) => `${name}-${randomUUID()}@example.org`;

async function signIn(page, lang, email, { verified = true, provider = 'facebook' } = {}) {
  await page.goto(`/${lang}/account/`);
  await page.locator('#dev-sign-in-form').waitFor();
  await page.fill('#dev-email', email);
  await page.setChecked('#dev-verified', verified);
  await page.selectOption('#dev-provider', provider);
  await page.click('#dev-sign-in');
  await page.locator('#me-id').waitFor();
}

/** What the tab keeps: the session in sessionStorage only, nothing but the language elsewhere. */
async function storage(page) {
  return page.evaluate(() => ({
    local: Object.keys(localStorage).filter((key) => key !== 'immunoguide.lang'),
    session: Object.keys(sessionStorage),
  }));
}

async function shareSignedIn(page, lang, title) {
  await page.goto(`/${lang}/stories/share/`);
  await fillStory(page, { title, body: STORY_BODY[lang] });
  await page.locator('#share-signed-in').waitFor();
  await page.waitForTimeout(TIME_TRAP_MS);
  await page.click('#story-form button[type="submit"]');
  await page.locator('#thanks').waitFor();
  assert.equal(await page.locator('#withdrawal-code').count(), 0, 'no code to keep: the story is in My stories');
}

async function openSubscription(page, lang) {
  await page.goto(`/${lang}/account/subscription/`);
  await page.locator('#subscription-form').waitFor();
  return page.locator('#subscription-state').getAttribute('data-state');
}

async function join(page) {
  await page.locator('#subscription-form input[name="interests"]').first().check();
  await page.check('#sub-consent');
  await page.click('#sub-submit');
}

for (const lang of langs) {
  test(`${lang}: development sign-in, who I am, a story shared signed in, in My stories, withdrawn`, async () => {
    const page = await newPage(env.browser, env.server.url);
    const email = address('ana');
    await page.goto(`/${lang}/account/`);
    await page.locator('#dev-sign-in-form').waitFor();
    assert.equal((await page.textContent('a[data-account-link]')).trim(), words[lang].signIn);
    await audit(page, `account-sign-in-${lang}`);

    await signIn(page, lang, email, { provider: 'google' });
    assert.match(await page.textContent('#me-email'), new RegExp(email.replace(/[.]/g, '\\.')));
    assert.match(await page.textContent('#me-providers'), /Google/);
    assert.ok((await page.textContent('#me-id')).trim().length > 0, 'a member number');
    assert.ok(!(await page.textContent('#me-id')).includes('@'), 'the member number is not the email');
    assert.equal((await page.textContent('a[data-account-link]')).trim(), words[lang].account);
    assert.deepEqual(await storage(page), { local: [], session: [SESSION_KEY] });
    await audit(page, `account-${lang}`);

    const title = lang === 'en' ? 'Signed in, step by step' : 'Con sesión, paso a paso';
    await shareSignedIn(page, lang, title);
    await audit(page, `share-signed-in-done-${lang}`);
    await page.click('#to-my-stories');
    const card = page.locator('#my-stories li.card', { hasText: title });
    await card.waitFor();
    assert.equal(await card.getAttribute('data-status'), 'pending');
    assert.match(await card.locator('.story-status').textContent(), words[lang].pending);
    assert.equal(await page.locator('#my-stories li.card').count(), 1);
    await audit(page, `my-stories-${lang}`);

    const id = await card.getAttribute('data-story');
    await card.locator('button').click();
    await page.locator('#my-stories-message [data-state="withdrawn"]').waitFor();
    const withdrawn = page.locator(`#my-stories li.card[data-story="${id}"][data-status="withdrawn"]`);
    await withdrawn.waitFor();
    assert.match(await withdrawn.locator('.story-status').textContent(), words[lang].withdrawn);
    assert.ok(!(await withdrawn.textContent()).includes(title), 'the withdrawn story\'s title is erased');
    assert.equal(await withdrawn.locator('button').count(), 0, 'nothing more to withdraw');
    await audit(page, `my-stories-withdrawn-${lang}`);

    // Another member sees none of it.
    const other = await newPage(env.browser, env.server.url);
    await signIn(other, lang, address('otro'));
    await other.goto(`/${lang}/account/stories/`);
    await other.locator('#my-stories .empty').waitFor();
    await other.context().close();
    await page.context().close();
  });

  test(`${lang}: subscription with a verified email (at once), changed, left`, async () => {
    const page = await newPage(env.browser, env.server.url);
    const email = address('verified');
    await signIn(page, lang, email);
    assert.equal(await openSubscription(page, lang), 'none');
    assert.equal(await page.textContent('#sub-email'), email);
    await audit(page, `subscription-none-${lang}`);
    const since = Date.now() - 1000;
    await join(page);
    await page.locator('#subscription-state[data-state="subscribed"]').waitFor();
    await page.locator('#subscription-note [data-state="subscribed"]').waitFor();
    await audit(page, `subscription-subscribed-${lang}`);
    await assert.rejects(latestEmail(email, { after: since }), /no email/, 'a verified email needs no confirmation email');

    // Change the interests and the language; a reload shows what the API kept.
    const boxes = page.locator('#subscription-form input[name="interests"]');
    assert.ok(await boxes.count() >= 2, 'at least two interests to choose from');
    await boxes.nth(0).uncheck();
    await boxes.nth(1).check();
    const otherLang = lang === 'en' ? 'es' : 'en';
    await page.selectOption('#sub-lang', otherLang);
    await page.click('#sub-submit');
    await page.locator('#subscription-note [data-state="subscribed"]').waitFor();
    assert.equal(await openSubscription(page, lang), 'subscribed');
    assert.equal(await boxes.nth(0).isChecked(), false);
    assert.equal(await boxes.nth(1).isChecked(), true);
    assert.equal(await page.inputValue('#sub-lang'), otherLang);

    await page.click('#sub-leave');
    await page.locator('#subscription-state[data-state="none"]').waitFor();
    await page.locator('#subscription-note [data-state="none"]').waitFor();
    assert.equal(await page.locator('#sub-leave').count(), 0);
    assert.equal(await openSubscription(page, lang), 'none');
    await audit(page, `subscription-left-${lang}`);
    await page.context().close();
  });

  test(`${lang}: subscription with an unverified email: pending until the email's link`, async () => {
    const page = await newPage(env.browser, env.server.url);
    const email = address('unverified');
    await signIn(page, lang, email, { verified: false });
    assert.equal(await openSubscription(page, lang), 'none');
    const since = Date.now() - 1000;
    await join(page);
    await page.locator('#subscription-state[data-state="pending"]').waitFor();
    await audit(page, `subscription-pending-${lang}`);
    const mail = await latestEmail(email, { after: since });
    const confirm = linkTo(mail, '/community/confirm/');
    await page.goto(confirm.replace(/^https?:\/\/[^/]+/, env.server.url));
    await page.locator('#email-actions button').first().click();
    await page.locator('#email-action-result [data-state="done"]').waitFor();
    assert.equal(await openSubscription(page, lang), 'subscribed');
    await page.context().close();
  });

  test(`${lang}: delete my account, after a confirmation: signed out, stories and membership gone`, async () => {
    const page = await newPage(env.browser, env.server.url);
    const email = address('leaving');
    await signIn(page, lang, email);
    const id = await page.textContent('#me-id');
    await shareSignedIn(page, lang, lang === 'en' ? 'Before I leave' : 'Antes de irme');
    await openSubscription(page, lang);
    await join(page);
    await page.locator('#subscription-state[data-state="subscribed"]').waitFor();

    await page.goto(`/${lang}/account/`);
    await page.click('#delete-account');
    await page.locator('#delete-form').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'delete-confirm-title', 'focus on the question');
    await audit(page, `account-delete-confirm-${lang}`);
    await page.click('#delete-cancel');
    assert.equal(await page.locator('#delete-form').count(), 0, 'cancel deletes nothing');
    await page.click('#delete-account');
    await page.click('#delete-confirm');
    const done = page.locator('#account-message [data-state="deleted"]');
    await done.waitFor();
    await page.locator('#dev-sign-in-form').waitFor();
    assert.equal((await page.textContent('a[data-account-link]')).trim(), words[lang].signIn);
    assert.deepEqual(await storage(page), { local: [], session: [] });
    await audit(page, `account-deleted-${lang}`);

    // The same email signs in as the same member, who has nothing left.
    await signIn(page, lang, email);
    assert.equal(await page.textContent('#me-id'), id);
    await page.goto(`/${lang}/account/stories/`);
    await page.locator('#my-stories .empty').waitFor();
    assert.equal(await openSubscription(page, lang), 'none');
    await page.context().close();
  });
}

test('an expired or refused session is signed out', async () => {
  const page = await newPage(env.browser, env.server.url);
  await page.goto('/en/account/');
  await page.locator('#dev-sign-in-form').waitFor();
  await page.evaluate((key) => sessionStorage.setItem(key, JSON.stringify({ token: 'stale', expiresAt: Date.now() - 1000 })), SESSION_KEY);
  await page.reload();
  await page.locator('#dev-sign-in-form').waitFor();
  assert.equal((await page.textContent('a[data-account-link]')).trim(), 'Sign in');
  assert.deepEqual(await storage(page), { local: [], session: [] }, 'the expired token is dropped');

  // A token the API refuses (401) ends the session wherever it is used.
  for (const path of ['/es/account/stories/', '/es/account/subscription/']) {
    await page.evaluate((key) => sessionStorage.setItem(key, JSON.stringify({ token: 'not-a-token', expiresAt: Date.now() + 60_000 })), SESSION_KEY);
    await page.goto(path);
    const ended = page.locator('[data-state="signed-out"]');
    await ended.waitFor();
    assert.match(await ended.textContent(), words.es.ended);
    assert.deepEqual(await storage(page), { local: [], session: [] });
    assert.equal((await page.textContent('a[data-account-link]')).trim(), 'Iniciar sesión');
  }
  await audit(page, 'my-subscription-signed-out-es');
  await page.evaluate((key) => sessionStorage.setItem(key, JSON.stringify({ token: 'not-a-token', expiresAt: Date.now() + 60_000 })), SESSION_KEY);
  await page.goto('/en/account/');
  await page.locator('#account-message [data-state="signed-out"]').waitFor();
  await page.locator('#dev-sign-in-form').waitFor();
  await page.context().close();
});

test('503: with the store stopped, My stories and deleting the account say so, with a retry', async () => {
  const dynamo = await startDynamoDbLocal();
  const aws = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' };
  let server;
  try {
    execFileSync(binary(), ['seed', '--endpoint', dynamo.endpoint, '--create-tables'], { stdio: 'ignore', env: { ...process.env, ...aws } });
    server = await startServer({ args: ['--dynamodb-endpoint', dynamo.endpoint], env: aws });
    const page = await newPage(env.browser, server.url);
    await signIn(page, 'en', address('outage'));
    await page.goto('/en/account/stories/');
    await page.locator('#my-stories .empty').waitFor();
    await dynamo.stop();
    await page.reload();
    const problem = page.locator('#my-stories [data-state="unavailable"]');
    await problem.waitFor({ timeout: 30_000 });
    assert.match(await problem.textContent(), /not answering/);
    assert.equal(await problem.locator('button').count(), 1, 'a way to try again');
    await audit(page, 'my-stories-unavailable-en');

    await page.goto('/en/account/');
    await page.click('#delete-account');
    await page.click('#delete-confirm');
    const failed = page.locator('#delete-form .error-summary[data-state="unavailable"]');
    await failed.waitFor({ timeout: 30_000 });
    assert.equal(await page.isEnabled('#delete-confirm'), true, 'the same press can be tried again');
    assert.equal((await storage(page)).session.length, 1, 'still signed in: nothing was deleted');
    await page.context().close();
  } finally {
    await server?.stop();
    await dynamo.stop();
  }
});

test('with Cognito: one button per provider, authorization code with PKCE, only the ID token kept, /logout', async () => {
  // A stand-in for the Hosted UI on the server's own origin (the local CSP allows no other):
  // it checks what the site sends and answers as Cognito does; the ID token is a real
  // development token, so the API that follows is the real one.
  const minted = await (await fetch(`${env.server.url}/local/member-sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: address('cognito'), email_verified: true, provider: 'google' }),
  })).json();
  const page = await newPage(env.browser, env.server.url);
  const seen = {};
  await page.route((url) => url.pathname === '/site-config.json', (route) => route.fulfill({
    json: { moderation: { sign_in: 'local' }, members: { sign_in: 'cognito', domain: env.server.url, client_id: 'site-client', providers: ['Facebook', 'Google'] } },
  }));
  await page.route((url) => url.pathname === '/oauth2/authorize', (route) => {
    seen.authorize = new URL(route.request().url());
    const back = new URL(seen.authorize.searchParams.get('redirect_uri'));
    back.search = new URLSearchParams({ code: 'one-time-code', state: seen.authorize.searchParams.get('state') }).toString();
    return route.fulfill({ status: 302, headers: { location: back.toString() } });
  });
  await page.route((url) => url.pathname === '/oauth2/token', (route) => {
    seen.token = new URLSearchParams(route.request().postData());
    return route.fulfill({ json: { id_token: minted.token, access_token: 'the-access-token', refresh_token: 'the-refresh-token', expires_in: 3600, token_type: 'Bearer' } });
  });
  await page.route((url) => url.pathname === '/logout', (route) => {
    seen.logout = new URL(route.request().url());
    return route.fulfill({ status: 302, headers: { location: seen.logout.searchParams.get('logout_uri') } });
  });

  await page.goto('/es/account/');
  const buttons = page.locator('#account button[data-provider]');
  await buttons.first().waitFor();
  assert.deepEqual(await buttons.allTextContents(), ['Iniciar sesión con Facebook', 'Iniciar sesión con Google']);
  assert.equal(await page.locator('#dev-sign-in-form').count(), 0, 'no development sign-in with Cognito');
  await audit(page, 'account-cognito-es');
  await page.click('#account button[data-provider="Google"]');
  await page.locator('#me-id').waitFor();

  const authorize = seen.authorize.searchParams;
  assert.equal(authorize.get('response_type'), 'code');
  assert.equal(authorize.get('client_id'), 'site-client');
  assert.equal(authorize.get('identity_provider'), 'Google');
  assert.equal(authorize.get('redirect_uri'), `${env.server.url}/es/account/`);
  assert.equal(authorize.get('code_challenge_method'), 'S256');
  assert.equal(seen.token.get('grant_type'), 'authorization_code');
  assert.equal(seen.token.get('code'), 'one-time-code');
  assert.equal(seen.token.get('client_id'), 'site-client');
  assert.equal(seen.token.get('redirect_uri'), `${env.server.url}/es/account/`);
  assert.equal(createHash('sha256').update(seen.token.get('code_verifier')).digest('base64url'), authorize.get('code_challenge'),
    'the verifier is the challenge\'s');
  assert.ok(!page.url().includes('code='), 'the code is gone from the address bar');
  const kept = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
  assert.ok(kept.includes(minted.token), 'the ID token is kept');
  assert.ok(!kept.includes('the-refresh-token') && !kept.includes('the-access-token'), 'the refresh and access tokens are not');
  assert.deepEqual(await storage(page), { local: [], session: [SESSION_KEY] }, 'no verifier left behind');

  await page.click('#sign-out');
  await page.waitForURL(`${env.server.url}/es/`);
  assert.equal(seen.logout.searchParams.get('client_id'), 'site-client');
  assert.equal(seen.logout.searchParams.get('logout_uri'), `${env.server.url}/es/`);
  assert.deepEqual(await storage(page), { local: [], session: [] });
  await page.context().close();
});

test('a site deployed without the members\' Hosted UI says signing in is not available', async () => {
  const page = await newPage(env.browser, env.server.url);
  await page.route((url) => url.pathname === '/site-config.json', (route) => route.fulfill({
    json: { moderation: { sign_in: 'local' }, members: { sign_in: 'none' } },
  }));
  await page.goto('/en/account/');
  const none = page.locator('#account [data-state="no-sign-in"]');
  await none.waitFor();
  assert.match(await none.textContent(), /not available/);
  assert.equal(await page.locator('#account button, #account form').count(), 0, 'nothing to press');
  await page.context().close();
});
