// Starts the app the way the README says (`npm start`: build, then run) on a free port against
// the test database, checks readiness, then SIGTERM: an in-flight request still gets its
// response, and the process exits cleanly.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../src/config/embedded-postgres.js';
import { signDevelopmentToken } from '../src/auth/development-token.js';
import { DEVELOPMENT_JWT_SECRET } from '../src/config/app-config.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STARTUP_MS = 180_000;

describe('npm start', () => {
  let app: ChildProcess;
  let port: number;
  let output = '';
  let exited: Promise<[number | null, NodeJS.Signals | null]>;

  const waiters = new Set<() => void>();
  /** Resolves once the app's output contains `text`; rejects if the process exits first. */
  const printed = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!output.includes(text)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
      void exited.then(([code]) => reject(new Error(`npm start exited (${code}):\n${output}`)));
    });

  beforeAll(async () => {
    port = await freePort();
    app = spawn('npm', ['start'], {
      cwd: ROOT,
      // The README's command on a fresh machine: read models in PostgreSQL, not in the test
      // environment's MongoDB.
      env: { ...process.env, PORT: String(port), READ_MODEL_WAIT_MS: '2000', MONGO_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so a failed test can kill npm and the app together
    });
    exited = once(app, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const waiter of [...waiters]) waiter();
    };
    app.stdout!.on('data', onData);
    app.stderr!.on('data', onData);
    // The banner's last line: the app is listening and has said everything it says at start.
    await printed('npm run token');
  }, STARTUP_MS);

  afterAll(async () => {
    if (app.exitCode === null && app.signalCode === null) {
      process.kill(-app.pid!, 'SIGKILL');
      await exited;
    }
  });

  it('prints the URL, the docs URL, the tenants and how to get a token', () => {
    expect(output).toContain(`listening on http://localhost:${port}`);
    expect(output).toContain(`http://localhost:${port}/docs`);
    expect(output).toContain('Tenants: acme, globex');
    expect(output).toContain('Authorization: Bearer <token>');
  });

  it('is ready: database and projections up', async () => {
    const response = await fetch(`http://localhost:${port}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('drains an in-flight request on SIGTERM and exits with 0', async () => {
    const token = await signDevelopmentToken(
      { sub: 'start-test', tenant: 'acme', roles: ['order:writer', 'order:reader'] },
      process.env.JWT_SECRET || DEVELOPMENT_JWT_SECRET,
    );
    const created = await fetch(`http://localhost:${port}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ customerId: 'start-test' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    // A read waiting (READ_MODEL_WAIT_MS, 2 s) for a version that never comes, so it is still
    // in flight when the signal arrives: shutdown lets it finish (503, read model lagging)
    // before closing. `Expect: 100-continue` makes the server answer "100 Continue" once it
    // has taken the request, so the signal is only sent after that.
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.on('data', (chunk) => (raw += chunk.toString()));
    const closed = once(socket, 'close');
    socket.write(
      `GET /orders/${id}?minVersion=50 HTTP/1.1\r\nHost: localhost\r\n` +
        `Authorization: Bearer ${token}\r\n` +
        'Expect: 100-continue\r\nConnection: close\r\n\r\n',
    );
    while (!raw.includes('100 Continue')) await once(socket, 'data');

    app.kill('SIGTERM');
    await closed;
    const final = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    expect(final).toMatch(/^HTTP\/1\.1 503 /);
    expect(final).toContain('READ_MODEL_LAGGING');

    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 60_000);
});
