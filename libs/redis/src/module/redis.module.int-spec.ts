import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cache, LockStrategy, runInContext } from '@cqrs-ddd/core';
import { pollUntil, uniqueName } from '@cqrs-ddd/core/testing';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { deleteKeysMatching, keysMatching, testRedisUrl } from '../cache/redis-cache.fixture.js';
import { RedisModule } from './redis.module.js';
import { REDIS_CLIENT } from './redis.tokens.js';

const prefix = `${uniqueName('redis_module')}:`;
let admin: Redis;

beforeAll(() => {
  admin = new Redis(testRedisUrl());
});

afterAll(async () => {
  await deleteKeysMatching(admin, `${prefix}*`);
  await admin.quit();
});

describe('RedisModule on a standalone Redis', () => {
  it('serves caches and locks on the module client and quits it on shutdown', async () => {
    const app = await Test.createTestingModule({
      imports: [
        RedisModule.forRoot({ url: testRedisUrl(), keyPrefix: prefix, locks: 'single' }),
        RedisModule.forCache({ namespace: 'orders' }),
      ],
    }).compile();
    const cache = app.get(Cache);
    await runInContext({ tenantId: 'acme' }, () => cache.set('o-1', { total: 5 }));
    await runInContext({ tenantId: 'bolt' }, async () => {
      await expect(cache.get('o-1')).resolves.toBeUndefined();
    });
    await runInContext({ tenantId: 'acme' }, async () => {
      await expect(cache.get('o-1')).resolves.toEqual({ total: 5 });
    });
    expect(await keysMatching(admin, `${prefix}cache:{orders:acme}:*`)).toEqual([
      `${prefix}cache:{orders:acme}:k:o-1`,
    ]);

    const locks = app.get(LockStrategy);
    const owner = await locks.runExclusive(
      'order:o-1',
      async (lock) => {
        expect(await locks.tryAcquire('order:o-1', { ttlMs: 5_000 })).toBeNull();
        return lock.token;
      },
      { ttlMs: 5_000 },
    );
    expect(owner).toBeGreaterThan(0);
    const next = await locks.tryAcquire('order:o-1', { ttlMs: 5_000 });
    expect(next?.token).toBeGreaterThan(owner);
    await next?.release();

    const client = app.get<Redis>(REDIS_CLIENT);
    await expect(client.ping()).resolves.toBe('PONG');
    await app.close();
    expect(client.status).toBe('end');
  });
});

describe('RedisModule shutdown', () => {
  it('drops a client whose server cannot be reached instead of waiting for it', async () => {
    const unreachable = `redis://127.0.0.1:${await freePort()}`;
    const app = await Test.createTestingModule({
      imports: [RedisModule.forRoot({ url: unreachable, options: { retryStrategy: () => 50 } })],
    }).compile();
    const client = app.get<Redis>(REDIS_CLIENT);
    client.on('error', () => undefined);
    await pollUntil(
      async () => client.status,
      (status) => status === 'reconnecting',
      2_000,
    );
    await app.close();
    let attempts = 0;
    client.on('reconnecting', () => (attempts += 1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(attempts).toBe(0);
  });
});

describe('RedisModule through Redis Sentinel', () => {
  let sentinel: ChildProcess | undefined;
  let dir: string;
  let port: number;
  const primary = new URL(testRedisUrl());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'redis-sentinel-'));
    port = await freePort();
    const config = join(dir, 'sentinel.conf');
    await writeFile(
      config,
      `port ${port}\nbind 127.0.0.1\nsentinel monitor h1primary ${primary.hostname} ${primary.port || 6379} 1\n`,
    );
    sentinel = spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' });
    const up = await pollUntil(
      () => canConnect(port),
      (ok) => ok,
      10_000,
    );
    expect(up).toBe(true);
  });

  afterAll(async () => {
    sentinel?.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it('asks the sentinel for the primary and talks to it', async () => {
    const app = await Test.createTestingModule({
      imports: [
        RedisModule.forRoot({
          sentinels: [{ host: '127.0.0.1', port }],
          name: 'h1primary',
          keyPrefix: prefix,
        }),
      ],
    }).compile();
    const client = app.get<Redis>(REDIS_CLIENT);
    await client.set('via-sentinel', 'yes');
    await expect(admin.get(`${prefix}via-sentinel`)).resolves.toBe('yes');
    expect(client.stream.remotePort).toBe(Number(primary.port || 6379));
    await app.close();
    expect(client.status).toBe('end');
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });
}

async function canConnect(target: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(target, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
