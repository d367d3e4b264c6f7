// The CloudFront Functions of the site's behaviour (infra/template.yaml), run here on the
// addresses a reader may open: pages get their index.html, files pass, anything else is the
// site's 404 page with status 404. (tests/api/template.rs checks their page list against
// src/pages and that the API's behaviours have neither.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const template = readFileSync(new URL('../../infra/template.yaml', import.meta.url), 'utf8');

/** The `FunctionCode: |` block of a resource, as CloudFront receives it. */
function functionCode(resource) {
  const lines = template.split('\n');
  const start = lines.indexOf(`  ${resource}:`);
  assert.ok(start >= 0, `${resource} in the template`);
  const codeLine = lines.findIndex((line, i) => i > start && line.trim() === 'FunctionCode: |');
  const body = [];
  for (const line of lines.slice(codeLine + 1)) {
    if (line.trim() !== '' && !line.startsWith('        ')) {
      break;
    }
    body.push(line.slice(8));
  }
  return body.join('\n');
}

function load(resource) {
  return new Function(`${functionCode(resource)}\nreturn handler;`)();
}

const onRequest = load('SiteRequestFunction');
const onResponse = load('SiteNotFoundFunction');
const request = (uri) => onRequest({ request: { uri, method: 'GET', headers: {} } }).uri;
const status = (uri, statusCode = 200) =>
  onResponse({ request: { uri }, response: { statusCode, statusDescription: 'OK', headers: {} } }).statusCode;

test('pages get their index.html, with or without the final slash', () => {
  assert.equal(request('/'), '/index.html');
  assert.equal(request('/en/'), '/en/index.html');
  assert.equal(request('/es'), '/es/index.html');
  assert.equal(request('/en/glossary/'), '/en/glossary/index.html');
  assert.equal(request('/es/glossary/term'), '/es/glossary/term/index.html');
  assert.equal(request('/en/community/unsubscribe/'), '/en/community/unsubscribe/index.html');
  assert.equal(request('/es/moderation/'), '/es/moderation/index.html');
});

test('files go to S3 as they are (a missing one is S3’s 404)', () => {
  for (const uri of ['/_astro/overview.Bx12.js', '/favicon.svg', '/site-config.json', '/en/index.html', '/404.html']) {
    assert.equal(request(uri), uri);
  }
});

test('any other address is the site’s 404 page, answered 404', () => {
  for (const uri of ['/en/no-such-page/', '/en/glossary/nope', '/fr/', '/glossary/', '/.', '/en/..', '/v1x']) {
    assert.equal(request(uri), '/404.html', uri);
    assert.equal(status(uri), 404, `${uri}, as the viewer asked it`);
  }
  assert.equal(status('/404.html'), 404, 'as rewritten');
});

test('pages and files keep their status; other statuses are left alone', () => {
  assert.equal(status('/en/'), 200);
  assert.equal(status('/en/glossary/index.html'), 200);
  assert.equal(status('/_astro/a.js', 404), 404);
  assert.equal(status('/en/', 304), 304);
  assert.equal(status('/en/no-such-page/', 503), 503);
});
