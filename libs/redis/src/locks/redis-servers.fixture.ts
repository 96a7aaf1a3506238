import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** Redis of the tests: `REDIS_URL`, else the local server on 6379. */
export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A key prefix no other test file uses. */
export function uniqueLockPrefix(name: string): string {
  return `test:${name}:${randomBytes(5).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN, not KEYS, so a shared server is not blocked). */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Independent `redis-server` child processes (no persistence), each with a client. */
export interface RedisServers {
  readonly ports: readonly number[];
  readonly clients: readonly Redis[];
  /** Kills server `index` with SIGKILL and waits for it to exit. */
  kill(index: number): Promise<void>;
  /** Disconnects the clients and kills the servers still running. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

async function startOne(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.env.REDIS_SERVER_BIN ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 20 });
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        if (probe.status === 'wait') await probe.connect();
        await probe.ping();
        return child;
      } catch (error) {
        if (attempt > 100 || child.exitCode !== null) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  } finally {
    probe.disconnect();
  }
}

/**
 * Starts `count` independent Redis servers on free ports (`REDIS_SERVER_BIN`, else
 * `redis-server` on the PATH). Their clients give up a command after one reconnection
 * attempt, so a killed server fails calls instead of queueing them forever.
 */
export async function startRedisServers(count: number): Promise<RedisServers> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const children = await Promise.all(ports.map((port) => startOne(port)));
  const clients = ports.map(
    (port) =>
      new Redis({
        port,
        host: '127.0.0.1',
        maxRetriesPerRequest: 1,
        retryStrategy: () => 100,
      }),
  );
  const kill = async (index: number) => {
    const child = children[index]!;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  return {
    ports,
    clients,
    kill,
    stop: async () => {
      for (const client of clients) client.disconnect();
      await Promise.all(children.map((_, index) => kill(index)));
    },
  };
}
