// The local server (`immunoguide`, the README's first command) on a free port, one per test
// file: fresh embedded stores, so rate limits and stories never leak between files.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const repo = new URL('../../../', import.meta.url).pathname;
export const outbox = join(repo, 'target', 'outbox');

export function binary() {
  if (process.env.IMMUNOGUIDE_BIN) {
    return process.env.IMMUNOGUIDE_BIN;
  }
  const metadata = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: repo }));
  return join(metadata.target_directory, 'debug', 'immunoguide');
}

/** Starts the server; resolves once it prints its address. `args` e.g. DynamoDB flags. */
export function startServer({ args = [], env = {} } = {}) {
  const child = spawn(binary(), args, {
    cwd: repo,
    env: { ...process.env, IMMUNOGUIDE_ADDR: '127.0.0.1:0', RUST_LOG: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 300_000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/[\d.:]+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop: () => stop(child), output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output}`));
    });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGINT');
  });
}

/** The decoded text of the newest outbox email to `address`, waiting for it to arrive. */
export async function latestEmail(address, { after = 0 } = {}) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // No outbox yet (a fresh checkout where nothing was mailed) is no email.
    const entries = existsSync(outbox) ? readdirSync(outbox, { withFileTypes: true }) : [];
    const found = entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.eml'))
      .map((entry) => join(outbox, entry.name))
      .filter((path) => statSync(path).mtimeMs >= after)
      .map((path) => ({ path, mtime: statSync(path).mtimeMs, text: decodeEmail(readFileSync(path, 'latin1')) }))
      .filter((mail) => mail.text.headers.toLowerCase().includes(`to: ${address}`))
      .sort((a, b) => b.mtime - a.mtime);
    if (found.length) {
      return found[0].text;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no email to ${address} in ${outbox}`);
}

/** Headers and body of an RFC 5322 message, the body decoded (base64 or quoted-printable). */
function decodeEmail(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  let bytes;
  if (encoding === 'base64') {
    bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  } else if (encoding === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    bytes = Buffer.from(soft.replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  } else {
    bytes = Buffer.from(body, 'latin1');
  }
  return { headers, body: bytes.toString('utf8') };
}

/** The link in an email's body that opens `page` (e.g. `/community/confirm/`). */
export function linkTo(mail, page) {
  const link = mail.body.match(new RegExp(`https?://\\S*${page.replace(/\//g, '\\/')}\\?token=[\\w-]+`))?.[0];
  if (!link) {
    throw new Error(`no ${page} link in:\n${mail.body}`);
  }
  return link;
}
