// Prints each page's JavaScript, gzipped (its module scripts and everything they import), and
// fails the build when a page's total passes the budget.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 50 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? htmlFiles(path) : path.endsWith('.html') ? [path] : [];
  });
}

/** The script and every module it imports, statically or dynamically, once each. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) {
    return seen;
  }
  seen.add(file);
  const source = readFileSync(join(dist, file), 'utf8');
  for (const [, spec] of source.matchAll(/(?:import|from)\s*\(?\s*["']([^"']+\.js)["']/g)) {
    const target = spec.startsWith('/') ? spec.slice(1) : join(file, '..', spec);
    closure(target, seen);
  }
  return seen;
}

let failed = false;
const rows = [];
for (const page of htmlFiles(dist).sort()) {
  const html = readFileSync(page, 'utf8');
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
    console.error(`${relative(dist, page)}: an inline <script>, which the CSP forbids`);
    failed = true;
  }
  const files = new Set();
  for (const [, src] of html.matchAll(/<script[^>]*\bsrc="\/([^"]+)"/g)) {
    closure(src, files);
  }
  const bytes = [...files].reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);
  rows.push([`/${relative(dist, page)}`, bytes]);
  if (bytes > BUDGET_BYTES) {
    failed = true;
  }
}
console.log(`JS per page, gzipped (budget ${BUDGET_BYTES / 1024} KB):`);
for (const [page, bytes] of rows) {
  console.log(`  ${(bytes / 1024).toFixed(1).padStart(6)} KB  ${page}${bytes > BUDGET_BYTES ? '  OVER BUDGET' : ''}`);
}
if (failed) {
  process.exit(1);
}
