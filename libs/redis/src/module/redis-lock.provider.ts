import { LockStrategy, ValidationError } from '@cqrs-ddd/core';
import type { Provider } from '@nestjs/common';
import { RedisFairLockStrategy } from '../locks/redis-fair-lock.strategy.js';
import { RedisLockStrategy } from '../locks/redis-lock.strategy.js';
import { RedlockStrategy } from '../locks/redlock.strategy.js';
import type { RedisLockKind, RedisModuleOptions } from './redis-module.options.js';
import { RedisConnections } from './redis.connections.js';
import { REDIS_MODULE_OPTIONS } from './redis.tokens.js';

/** The `LockStrategy` provider of `RedisModule` for `locks: kind`. */
export function lockStrategyProvider(kind: RedisLockKind): Provider {
  return {
    provide: LockStrategy,
    inject: [REDIS_MODULE_OPTIONS, RedisConnections],
    useFactory: (options: RedisModuleOptions, connections: RedisConnections): LockStrategy => {
      const keyPrefix = options.lockKeyPrefix;
      const prefix = keyPrefix === undefined ? {} : { keyPrefix };
      if (kind === 'single') return new RedisLockStrategy(connections.client, prefix);
      if (kind === 'fair') return new RedisFairLockStrategy(connections.client, prefix);
      if (connections.redlockClients.length === 0) {
        throw ValidationError.of(
          'redlock.nodes',
          "is required with locks: 'redlock' (independent Redis servers, usually 3 or 5)",
          'required',
        );
      }
      return new RedlockStrategy(connections.redlockClients, {
        ...options.redlock?.options,
        ...prefix,
      });
    },
  };
}
