/** Default prefix of every key the lock strategies write. */
export const DEFAULT_LOCK_KEY_PREFIX = 'lock:';

/**
 * Names of the Redis keys of one locked resource. The resource is wrapped in a hash tag
 * (`{...}`), so all of them live in one Cluster slot and one script may touch them together.
 */
export interface LockKeys {
  /** Hash of the current owner: `session`, `token`, `holds`; expires with the lease. */
  readonly lock: string;
  /** Fencing counter: the highest token handed out; never expires, so tokens only grow. */
  readonly fence: string;
  /** Fair lock: waiting tickets, scored by arrival number. */
  readonly queue: string;
  /** Fair lock: waiting tickets, scored by the time (ms) after which a silent waiter is dropped. */
  readonly alive: string;
  /** Fair lock: arrival counter of the queue. */
  readonly arrivals: string;
}

/** The keys of `resource` under `prefix`. */
export function lockKeys(prefix: string, resource: string): LockKeys {
  const base = `${prefix}{${resource}}`;
  return {
    lock: `${base}:lock`,
    fence: `${base}:fence`,
    queue: `${base}:queue`,
    alive: `${base}:alive`,
    arrivals: `${base}:arrivals`,
  };
}
