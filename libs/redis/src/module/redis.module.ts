import { Cache } from '@cqrs-ddd/core';
import { type DynamicModule, Module } from '@nestjs/common';
import { RedisCache, type RedisCacheOptions } from '../cache/redis-cache.adapter.js';
import type { RedisClient } from './redis-client.factory.js';
import { ConfigurableRedisModule } from './redis.module-definition.js';
import { getRedisCacheToken, REDIS_CLIENT } from './redis.tokens.js';

/**
 * Redis on ioredis: one connection (standalone, Sentinel or Cluster) for the application,
 * caches on it, and optionally the core `LockStrategy`.
 *
 * ```ts
 * @Module({
 *   imports: [
 *     RedisModule.forRoot({ url: process.env.REDIS_URL, keyPrefix: 'shop:', locks: 'single' }),
 *     RedisModule.forCache({ namespace: 'orders', defaultTtlMs: 60_000 }),
 *   ],
 * })
 * ```
 * - `forRoot` / `forRootAsync` (global by default) provide `REDIS_CLIENT` (`@InjectRedis()`),
 *   and with `locks` the core `LockStrategy`; the clients are quit on application shutdown.
 * - `forCache` registers a core `Cache` (a `RedisCache` on the module's client) in the
 *   importing module, also under `getRedisCacheToken(namespace)` (`@InjectRedisCache(ns)`).
 * - Invalid options fail at start with `ValidationError`.
 */
@Module({})
export class RedisModule extends ConfigurableRedisModule {
  /**
   * Registers a `Cache` of `options.namespace` on the module's client, injectable as `Cache`
   * and as `getRedisCacheToken(namespace)` in the importing module. Register several
   * namespaces in one module and inject them with `@InjectRedisCache(namespace)`; `Cache`
   * then resolves to the last one. Needs `RedisModule.forRoot` (global) in the application.
   */
  static forCache(options: RedisCacheOptions): DynamicModule {
    const token = getRedisCacheToken(options.namespace);
    return {
      module: RedisModule,
      providers: [
        {
          provide: token,
          inject: [REDIS_CLIENT],
          useFactory: (client: RedisClient) => new RedisCache(client, options),
        },
        { provide: Cache, useExisting: token },
      ],
      exports: [token, Cache],
    };
  }
}
