import type { RedlockStrategyOptions } from '../locks/redlock.strategy.js';
import type { RedisConnectionOptions } from './redis-client.factory.js';

/** Lock strategies `RedisModule` can provide as the core `LockStrategy`. */
export type RedisLockKind = 'single' | 'redlock' | 'fair';

/** Settings of the Redlock strategy (`locks: 'redlock'`). */
export interface RedisRedlockOptions {
  /**
   * Independent Redis servers (not replicas of each other), usually 3 or 5; the module opens
   * one client per node and closes them on shutdown.
   */
  readonly nodes: readonly RedisConnectionOptions[];
  /** Algorithm settings (drift, node timeout, retry pauses). @default {} */
  readonly options?: Omit<RedlockStrategyOptions, 'keyPrefix'>;
}

/** Options of `RedisModule.forRoot` / `forRootAsync` (the module's connection and its users). */
export interface RedisModuleOptions extends RedisConnectionOptions {
  /**
   * Prefix of the lock keys of the provided `LockStrategy` (after `keyPrefix`).
   * @default 'lock:'
   */
  readonly lockKeyPrefix?: string;
  /** Redlock nodes and settings: required when the module is declared with `locks: 'redlock'`. */
  readonly redlock?: RedisRedlockOptions;
}
