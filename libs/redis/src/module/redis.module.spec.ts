import { describe, expect, it } from '@jest/globals';
import { Cache, isValidationError, LockStrategy } from '@cqrs-ddd/core';
import { rejectionOf } from '@cqrs-ddd/core/testing';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { RedisCache } from '../cache/redis-cache.adapter.js';
import { RedisFairLockStrategy } from '../locks/redis-fair-lock.strategy.js';
import { RedisLockStrategy } from '../locks/redis-lock.strategy.js';
import { RedlockStrategy } from '../locks/redlock.strategy.js';
import type { RedisClient } from './redis-client.factory.js';
import { RedisModule } from './redis.module.js';
import { getRedisCacheToken, InjectRedis, InjectRedisCache, REDIS_CLIENT } from './redis.tokens.js';

// `lazyConnect` clients never open a socket: these tests check wiring only.
const lazy = { lazyConnect: true } as const;

@Injectable()
class OrderReads {
  constructor(
    @InjectRedis() readonly redis: RedisClient,
    readonly cache: Cache,
    @InjectRedisCache('orders') readonly orders: Cache,
  ) {}
}

@Module({
  imports: [RedisModule.forCache({ namespace: 'orders', defaultTtlMs: 1_000 })],
  providers: [OrderReads],
})
class OrdersModule {}

describe('RedisModule', () => {
  it('provides the client globally and a Cache per forCache namespace', async () => {
    const app = await Test.createTestingModule({
      imports: [
        RedisModule.forRoot({ url: 'redis://127.0.0.1:6379', keyPrefix: 'x:', options: lazy }),
        OrdersModule,
      ],
    }).compile();
    const reads = app.get(OrderReads);
    expect(reads.redis).toBeInstanceOf(Redis);
    expect(reads.redis).toBe(app.get(REDIS_CLIENT));
    expect(reads.cache).toBeInstanceOf(RedisCache);
    expect(reads.orders).toBe(reads.cache);
    expect(app.get(getRedisCacheToken('orders'), { strict: false })).toBe(reads.cache);
    expect(() => app.get(LockStrategy, { strict: false })).toThrow();
    await app.close();
    expect(reads.redis.status).toBe('end');
  });

  it('provides a RedisLockStrategy with locks: single (forRootAsync)', async () => {
    const app = await Test.createTestingModule({
      imports: [
        RedisModule.forRootAsync({
          locks: 'single',
          useFactory: async () => ({ options: lazy, lockKeyPrefix: 'locks:' }),
        }),
      ],
    }).compile();
    expect(app.get(LockStrategy)).toBeInstanceOf(RedisLockStrategy);
    await app.close();
  });

  it('provides a RedisFairLockStrategy with locks: fair', async () => {
    const app = await Test.createTestingModule({
      imports: [RedisModule.forRoot({ options: lazy, locks: 'fair' })],
    }).compile();
    expect(app.get(LockStrategy)).toBeInstanceOf(RedisFairLockStrategy);
    await app.close();
  });

  it('provides a RedlockStrategy over its own node clients with locks: redlock', async () => {
    const node = (db: number) => ({ url: `redis://127.0.0.1:6379/${db}`, options: lazy });
    const app = await Test.createTestingModule({
      imports: [
        RedisModule.forRoot({
          options: lazy,
          locks: 'redlock',
          redlock: { nodes: [node(1), node(2), node(3)], options: { driftFactor: 0.02 } },
        }),
      ],
    }).compile();
    expect(app.get(LockStrategy)).toBeInstanceOf(RedlockStrategy);
    await app.close();
  });

  it('fails at start on invalid options', async () => {
    const redlockWithoutNodes = await rejectionOf(
      Test.createTestingModule({
        imports: [RedisModule.forRoot({ options: lazy, locks: 'redlock' })],
      }).compile(),
    );
    expect(isValidationError(redlockWithoutNodes)).toBe(true);
    const badNode = await rejectionOf(
      Test.createTestingModule({
        imports: [RedisModule.forRoot({ options: lazy, redlock: { nodes: [{ url: 'nope' }] } })],
      }).compile(),
    );
    expect(isValidationError(badNode)).toBe(true);
    expect(badNode).toMatchObject({ issues: [{ path: 'redlock.nodes.0.url' }] });
  });
});
