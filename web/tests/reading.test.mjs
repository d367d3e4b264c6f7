// Reading: the overview page in both languages, the trial line, the language choice, 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, langs, newPage, serverAndBrowser } from './support/browser.mjs';

const env = serverAndBrowser();

for (const lang of langs) {
  test(`the Clinical Trials Overview reads in ${lang}, with the trial line`, async () => {
    const page = await newPage(env.browser, env.server.url);
    const response = await page.goto(`/${lang}/`);
    const csp = response.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.equal(await page.getAttribute('link[hreflang="es"]', 'href'), '/es/');
    assert.equal(await page.getAttribute('link[hreflang="en"]', 'href'), '/en/');
    await page.locator('#page-body section h2').first().waitFor();
    const title = await page.textContent('h1');
    assert.match(title, lang === 'en' ? /Clinical Trials Overview/ : /ensayos clínicos/i);
    assert.ok((await page.locator('#page-body section').count()) >= 3, 'its sections');
    const faq = page.locator('details').first();
    await faq.locator('summary').click();
    assert.equal(await faq.getAttribute('open'), '', 'a FAQ opens');
    const tel = page.locator('#contact a[href^="tel:"]');
    assert.match(await tel.getAttribute('href'), /^tel:\+1\d{10}$/);
    const state = await page.locator('#contact [data-open]').textContent();
    assert.match(state, lang === 'en' ? /Open now|Closed now/ : /Abierta ahora|Cerrada ahora/);
    const hours = await page.locator('#contact dl').textContent();
    assert.match(hours, /Europe\/Madrid/, 'the hours in the visitor’s zone too');
    const ctas = page.locator('#ctas a');
    assert.equal(await ctas.count(), 4);
    assert.ok((await ctas.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).includes(`/${lang}/glossary/`));
    assert.ok(await page.locator('#ctas a[href^="https://www.cancerresearch.org"]').count(), 'donate');
    await audit(page, `overview-${lang}`);
    await page.context().close();
  });
}

// The text is in the HTML itself: a reader without script (or before it runs) reads it all.
const bare = {
  en: {
    title: /Clinical Trials Overview/,
    faq: 'What are clinical trials?',
    eligibility: /exclude patients whose immune systems do not function properly/,
    hours: 'Monday to Friday, 8:30 AM – 6:00 PM Eastern Time',
  },
  es: {
    title: /ensayos clínicos/i,
    faq: '¿Qué son los ensayos clínicos?',
    eligibility: /excluyen a los pacientes cuyo sistema inmunitario no f/,
    hours: 'De lunes a viernes, de 8:30 a. m. a 6:00 p. m., hora del Este',
  },
};
for (const lang of langs) {
  test(`without script, the overview reads in ${lang}: sections, FAQs, calls to action, the line’s hours in ET`, async () => {
    const page = await newPage(env.browser, env.server.url, { javaScriptEnabled: false });
    await page.goto(`/${lang}/`);
    const words = bare[lang];
    assert.match(await page.textContent('h1'), words.title);
    assert.match(await page.title(), words.title);
    assert.ok((await page.locator('#page-body > section').count()) >= 4, 'its sections');
    assert.match(await page.textContent('#page-body .lead'), /\w{3,}/, 'the summary');
    assert.match(await page.textContent('#eligibility'), words.eligibility);
    assert.ok((await page.locator('#page-body details').count()) >= 3, 'the FAQs');
    assert.equal((await page.textContent('#what-are-clinical-trials summary')).trim(), words.faq);
    const ctas = await page.locator('#ctas a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.equal(ctas.length, 4);
    assert.ok(ctas.includes(`/${lang}/stories/share/`) && ctas.includes(`/${lang}/community/join/`), ctas.join(' '));
    assert.equal(await page.getAttribute('#contact a[href^="tel:"]', 'href'), 'tel:+18552160127');
    assert.match(await page.textContent('#contact dl'), new RegExp(words.hours.replace(/[.]/g, '\\.')));
    assert.equal(await page.locator('#contact [data-open]').count(), 0, 'no open-now claim without the time');
    await page.context().close();
  });
}

test('the script keeps the prerendered text when the API has the same, and shows the API’s when newer', async () => {
  const page = await newPage(env.browser, env.server.url);
  // The API's answer is held until the prerendered section is marked, then served as is.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const answered = page.waitForResponse('**/v1/pages/clinical-trials-overview*');
  await page.route('**/v1/pages/clinical-trials-overview*', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/en/');
  await page.evaluate(() => { window.prerendered = document.getElementById('introduction'); });
  release();
  await answered;
  await page.waitForTimeout(200);
  assert.ok(await page.evaluate(() => window.prerendered === document.getElementById('introduction')), 'not re-rendered');
  // A change seeded into the table: the API answers text the build did not have.
  await page.unrouteAll();
  await page.route('**/v1/pages/clinical-trials-overview*', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.title = 'Clinical Trials Overview, revised';
    body.sections[0].heading = 'A revised introduction';
    await route.fulfill({ response, json: body });
  });
  await page.reload();
  await page.locator('#introduction h2', { hasText: 'A revised introduction' }).waitFor();
  assert.equal(await page.textContent('h1'), 'Clinical Trials Overview, revised');
  assert.equal(await page.locator('#ctas a').count(), 4);
  await page.context().close();
});

test('the root page follows the browser’s language, then the one a reader chose', async () => {
  const page = await newPage(env.browser, env.server.url, { locale: 'es-MX' });
  await page.goto('/');
  await page.waitForURL('**/es/');
  await page.locator('#page-body section').first().waitFor();
  await page.click('a[data-lang-switch="en"]');
  await page.waitForURL('**/en/');
  await page.goto('/');
  await page.waitForURL('**/en/');
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice is remembered');
  await page.context().close();
});

test('the root page without script links to both languages, and a missing page is a 404', async () => {
  const bare = await newPage(env.browser, env.server.url, { javaScriptEnabled: false });
  await bare.goto('/');
  assert.equal(await bare.locator('a[hreflang]').count(), 2);
  await bare.context().close();
  // axe-core needs script; the root page's own script would leave at once, so its redirect
  // is held back (the aborted navigation leaves the page where it is).
  const page = await newPage(env.browser, env.server.url);
  await page.route('**/en/', (route) => route.abort());
  await page.goto('/');
  await page.waitForTimeout(300);
  page.problems.length = 0;
  await audit(page, 'root');
  await page.unrouteAll();
  const missing = await page.goto('/en/no-such-page/');
  assert.equal(missing.status(), 404);
  assert.match(await page.textContent('h1'), /Not found/);
  await audit(page, 'not-found');
  await page.context().close();
});

test('a link without a language opens the page in the reader’s language', async () => {
  const page = await newPage(env.browser, env.server.url, { locale: 'es-ES' });
  await page.goto('/glossary/');
  await page.waitForURL('**/es/glossary/');
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  await page.context().close();
});
