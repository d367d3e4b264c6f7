// The states a person meets when things go wrong: offline, 429 with its wait, 503 from a
// stopped store.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { binary, startServer } from './support/server.mjs';
import { audit, launch, newPage } from './support/browser.mjs';
import { fillStory, STORY_BODY, TIME_TRAP_MS } from './support/flows.mjs';
import { startDynamoDbLocal } from './support/dynamodb.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('offline: a submission says so, and the same press works once back online', async () => {
  const server = await startServer();
  try {
    const page = await newPage(browser, server.url);
    await page.goto('/en/stories/share/');
    await fillStory(page, { title: 'Offline for a moment', body: STORY_BODY.en });
    await page.waitForTimeout(TIME_TRAP_MS);
    await page.context().setOffline(true);
    await page.click('#story-form button[type="submit"]');
    const summary = page.locator('#story-form .error-summary[data-state="offline"]');
    await summary.waitFor();
    assert.match(await summary.textContent(), /offline/);
    await audit(page, 'offline-en');
    await page.context().setOffline(false);
    await page.click('#story-form button[type="submit"]');
    await page.locator('#withdrawal-code').waitFor();
    await page.context().close();
  } finally {
    await server.stop();
  }
});

test('429: the rate limit answer shows the wait from Retry-After', async () => {
  const server = await startServer();
  try {
    // Five stories an hour from one address (the local default): use them up through the API,
    // each from a freshly loaded form (a form token is good for one accepted submission).
    const forms = [];
    for (let n = 0; n < 5; n += 1) {
      forms.push(await (await fetch(`${server.url}/v1/stories/form?lang=es`)).json());
    }
    await new Promise((resolve) => setTimeout(resolve, TIME_TRAP_MS));
    for (const [n, form] of forms.entries()) {
      const answer = await fetch(`${server.url}/v1/stories`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `Story number ${n}`, body: STORY_BODY.en,
          role: form.roles[0].code, cancer_type: form.cancer_types[0].code, treatment: form.treatments[0].code, lang: 'es',
          consents: { publish_health_information: true, patient_permission: true }, consent_version: form.consent_version, form_token: form.form_token,
        }),
      });
      assert.equal(answer.status, 202, await answer.text());
    }
    const page = await newPage(browser, server.url);
    await page.goto('/es/stories/share/');
    await fillStory(page, { title: 'Una más', body: STORY_BODY.es });
    await page.waitForTimeout(TIME_TRAP_MS);
    await page.click('#story-form button[type="submit"]');
    const summary = page.locator('#story-form .error-summary[data-state="rate_limited"]');
    await summary.waitFor();
    assert.match(await summary.textContent(), /Espere \d+ (segundos|minutos)/);
    await audit(page, 'rate-limited-es');
    await page.context().close();
  } finally {
    await server.stop();
  }
});

test('503: with its store stopped, a page says the service is not answering, with a retry', async () => {
  const dynamo = await startDynamoDbLocal();
  let server;
  try {
    execFileSync(binary(), ['seed', '--endpoint', dynamo.endpoint, '--create-tables'], { stdio: 'ignore', env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' } });
    server = await startServer({
      args: ['--dynamodb-endpoint', dynamo.endpoint],
      env: { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' },
    });
    const page = await newPage(browser, server.url);
    await page.goto('/en/stories/');
    await page.locator('#stories .empty').waitFor();
    await dynamo.stop();
    await page.reload();
    const problem = page.locator('#stories [data-state="unavailable"]');
    await problem.waitFor({ timeout: 30_000 });
    assert.match(await problem.textContent(), /not answering/);
    assert.equal(await problem.locator('button').count(), 1, 'a way to try again');
    await audit(page, 'unavailable-en');
    await page.context().close();
  } finally {
    await server?.stop();
    await dynamo.stop();
  }
});
