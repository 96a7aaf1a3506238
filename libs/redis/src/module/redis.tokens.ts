import { Inject } from '@nestjs/common';

/** Injection token of the `RedisModuleOptions` (as given to `forRoot` or the factory). */
export const REDIS_MODULE_OPTIONS = Symbol('cqrs-ddd:REDIS_MODULE_OPTIONS');

/** Injection token of the module's ioredis client (`Redis` or `Cluster`). */
export const REDIS_CLIENT = Symbol('cqrs-ddd:REDIS_CLIENT');

/** Injects the `RedisModule` client: `constructor(@InjectRedis() redis: RedisClient)`. */
export function InjectRedis(): ReturnType<typeof Inject> {
  return Inject(REDIS_CLIENT);
}

/** Injection token of the `Cache` of `namespace` registered by `RedisModule.forCache`. */
export function getRedisCacheToken(namespace: string): string {
  return `cqrs-ddd:RedisCache:${namespace}`;
}

/** Injects the `Cache` of `namespace` (for modules that register several with `forCache`). */
export function InjectRedisCache(namespace: string): ReturnType<typeof Inject> {
  return Inject(getRedisCacheToken(namespace));
}
