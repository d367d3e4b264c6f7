// Looking up terms: type-ahead with a typo, the results page's "did you mean", the term page
// and its shareable address, A–Z browse with counts and pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, newPage, serverAndBrowser } from './support/browser.mjs';

const env = serverAndBrowser();

const cases = [
  { lang: 'en', typed: 'imunotherapy', term: 'immunotherapy', letter: 'b' },
  { lang: 'es', typed: 'imunoterapia', term: 'inmunoterapia', letter: 'b' },
];

for (const { lang, typed, term, letter } of cases) {
  test(`type-ahead in ${lang}: "${typed}" reaches ${term} with the keyboard`, async () => {
    const page = await newPage(env.browser, env.server.url);
    await page.goto(`/${lang}/glossary/`);
    const input = page.locator('#glossary-q');
    await input.pressSequentially(typed, { delay: 30 });
    const option = page.locator('[role="option"]').first();
    await option.waitFor();
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.match(await option.textContent(), new RegExp(term, 'i'));
    await audit(page, `glossary-suggest-${lang}`);
    await input.press('ArrowDown');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'glossary-option-0');
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    await input.press('Enter');
    await page.waitForURL(/\/glossary\/term\/\?slug=/);
    await page.locator('.credit').waitFor();
    assert.equal((await page.textContent('h1')).toLowerCase(), term);
    assert.match(await page.textContent('.credit'), /NCI|Instituto Nacional del Cáncer|National Cancer Institute/);
    await audit(page, `term-${lang}`);
    // The address is the term's: opened anew (shared), it shows the same term.
    const shared = await newPage(env.browser, env.server.url);
    await shared.goto(page.url());
    await shared.locator('.credit').waitFor();
    assert.equal((await shared.textContent('h1')).toLowerCase(), term);
    await shared.context().close();
    await page.context().close();
  });

  test(`search results in ${lang} say "did you mean" for "${typed}"`, async () => {
    const page = await newPage(env.browser, env.server.url);
    await page.goto(`/${lang}/glossary/`);
    await page.fill('#glossary-q', typed);
    await page.press('#glossary-q', 'Enter');
    await page.waitForURL(/\/glossary\/search\/\?q=/);
    const suggestion = page.locator('.did-you-mean a');
    await suggestion.waitFor();
    assert.equal((await suggestion.textContent()).toLowerCase(), term);
    assert.ok(await page.locator('ol.terms mark').count(), 'highlighted matches');
    await audit(page, `search-${lang}`);
    await suggestion.click();
    await page.waitForURL(/\/glossary\/term\//);
    await page.context().close();
  });

  test(`A–Z browse in ${lang}: a letter with its count, then the next page`, async () => {
    const page = await newPage(env.browser, env.server.url);
    await page.goto(`/${lang}/glossary/`);
    const link = page.locator(`#letters a[href$="letter=${letter}"]`);
    await link.waitFor();
    const count = Number((await link.textContent()).match(/\((\d+)\)/)[1]);
    assert.ok(count > 50, `more than a page under ${letter}: ${count}`);
    await link.click();
    await page.waitForURL(new RegExp(`letter=${letter}$`));
    await page.locator('#browse ul.terms li').first().waitFor();
    assert.match(await page.textContent('#browse h3'), new RegExp(String(count)));
    const first = await page.locator('#browse ul.terms li a').first().textContent();
    assert.match(first, new RegExp(`^${letter}`, 'i'));
    await audit(page, `browse-${lang}`);
    await page.click('a[rel="next"]');
    await page.waitForURL(/cursor=/);
    await page.locator('#browse ul.terms li').first().waitFor();
    const second = await page.locator('#browse ul.terms li a').first().textContent();
    assert.notEqual(second, first, 'the next page has other terms');
    assert.ok(await page.locator('#browse a', { hasText: lang === 'en' ? 'First page' : 'Primera página' }).count());
    await page.context().close();
  });
}
