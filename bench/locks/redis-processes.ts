/** Local `redis-server` child processes for the lock benchmark (no persistence). */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** Running servers with one client each. */
export interface RedisProcesses {
  readonly clients: readonly Redis[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

async function ready(client: Redis, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error('redis-server exited; is it installed?');
    if (client.status === 'ready') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('redis-server did not start');
}

/** Starts `count` servers (`REDIS_SERVER_BIN`, else `redis-server` on the PATH). */
export async function startRedisProcesses(count: number): Promise<RedisProcesses> {
  const children: ChildProcess[] = [];
  const clients: Redis[] = [];
  for (let index = 0; index < count; index += 1) {
    const port = await freePort();
    const child = spawn(
      process.env.REDIS_SERVER_BIN ?? 'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    children.push(child);
    const client = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 20 });
    client.on('error', () => undefined);
    clients.push(client);
    await ready(client, child);
  }
  return {
    clients,
    stop: async () => {
      for (const client of clients) client.disconnect();
      await Promise.all(
        children.map(async (child) => {
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          await exited;
        }),
      );
    },
  };
}
