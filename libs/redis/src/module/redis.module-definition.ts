import { LockStrategy } from '@cqrs-ddd/core';
import { ConfigurableModuleBuilder, type DynamicModule, type Provider } from '@nestjs/common';
import { lockStrategyProvider } from './redis-lock.provider.js';
import type { RedisLockKind, RedisModuleOptions } from './redis-module.options.js';
import { RedisConnections } from './redis.connections.js';
import { REDIS_CLIENT, REDIS_MODULE_OPTIONS } from './redis.tokens.js';

/** Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared. */
export interface RedisModuleExtras {
  /**
   * Register the module globally, so `REDIS_CLIENT` (and `LockStrategy`) are injectable
   * everywhere and `RedisModule.forCache(...)` works in any module. Import it once.
   * @default true
   */
  isGlobal?: boolean;
  /**
   * Provide the core `LockStrategy` on Redis: `'single'` (`RedisLockStrategy` on the module's
   * client), `'fair'` (`RedisFairLockStrategy`, FIFO, on the module's client) or `'redlock'`
   * (`RedlockStrategy` over the `redlock.nodes` of the options); `false` provides none.
   * @default false
   */
  locks?: RedisLockKind | false;
}

function withClientAndLocks(definition: DynamicModule, extras: RedisModuleExtras): DynamicModule {
  const providers: Provider[] = [
    {
      provide: RedisConnections,
      inject: [REDIS_MODULE_OPTIONS],
      useFactory: RedisConnections.open,
    },
    {
      provide: REDIS_CLIENT,
      inject: [RedisConnections],
      useFactory: (connections: RedisConnections) => connections.client,
    },
  ];
  const exported: (symbol | typeof LockStrategy)[] = [REDIS_CLIENT];
  if (extras.locks) {
    providers.push(lockStrategyProvider(extras.locks));
    exported.push(LockStrategy);
  }
  return {
    ...definition,
    global: extras.isGlobal,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), ...exported],
  };
}

export const {
  ConfigurableModuleClass: ConfigurableRedisModule,
  OPTIONS_TYPE: REDIS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: REDIS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<RedisModuleOptions>({
  optionsInjectionToken: REDIS_MODULE_OPTIONS,
  moduleName: 'Redis',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createRedisOptions')
  .setExtras<RedisModuleExtras>({ isGlobal: true, locks: false }, withClientAndLocks)
  .build();

/** Options of `RedisModule.forRoot`: connection options plus `isGlobal` and `locks`. */
export type RedisModuleRootOptions = typeof REDIS_OPTIONS_TYPE;

/**
 * Options of `RedisModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`,
 * `imports`, plus `isGlobal` and `locks` (declared here, not returned by the factory).
 */
export type RedisModuleAsyncOptions = typeof REDIS_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface RedisOptionsFactory {
  createRedisOptions(): RedisModuleOptions | Promise<RedisModuleOptions>;
}
