import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A Redis connection the lock strategies run scripts on: standalone/Sentinel or Cluster. */
export type RedisLockClient = Redis | Cluster;

/**
 * A Lua script run with `EVALSHA`, falling back to `EVAL` (which also caches it on the server)
 * when the server does not know it yet (`NOSCRIPT`: first use, restart, `SCRIPT FLUSH`). The
 * client is not modified (no `defineCommand`), so a connection shared with other code stays as
 * it is. On a Cluster every key of one call must hash to the same slot.
 */
export class LuaScript {
  /** SHA-1 of the source, as Redis names cached scripts. */
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script with `keys` and `args` and resolves its reply. */
  async run(
    client: RedisLockClient,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
