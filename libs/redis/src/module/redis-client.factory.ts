import { type ValidationIssue, ValidationError } from '@cqrs-ddd/core';
import { Cluster, type ClusterNode, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

/** A Redis connection: a standalone or Sentinel-managed client, or a Cluster client. */
export type RedisClient = Redis | Cluster;

/** A Sentinel to ask for the current primary. */
export interface RedisSentinelAddress {
  readonly host: string;
  readonly port: number;
}

/** Redis Cluster connection settings. */
export interface RedisClusterConnection {
  /** Startup nodes (any subset of the cluster; the rest is discovered). */
  readonly nodes: readonly ClusterNode[];
  /** ioredis Cluster options (`redisOptions` is merged over the connection's `options`). @default {} */
  readonly options?: ClusterOptions;
}

/**
 * Where and how to connect: give at most one of `url`, `sentinels` (with `name`) or
 * `cluster`; with none of them, ioredis connects to `options.host`/`options.port` (by default
 * 127.0.0.1:6379).
 */
export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...` (TLS) of a standalone server. */
  readonly url?: string;
  /** Sentinels that know the primary `name` (ioredis asks them and follows failovers). */
  readonly sentinels?: readonly RedisSentinelAddress[];
  /** Name of the Sentinel-monitored primary (required with `sentinels`). */
  readonly name?: string;
  /** Connect to a Redis Cluster. */
  readonly cluster?: RedisClusterConnection;
  /**
   * Prefix ioredis adds to every key of every command (not to SCAN/KEYS patterns). Keep it
   * free of `{` on a Cluster, where the cache and locks rely on hash tags.
   * @default '' (none)
   */
  readonly keyPrefix?: string;
  /** Further ioredis options (timeouts, TLS, password, `lazyConnect`...). @default {} */
  readonly options?: RedisOptions;
}

/**
 * Creates an ioredis client for `connection`: `new Redis(url, options)`, `new Redis({ sentinels,
 * name, ...options })` or `new Redis.Cluster(nodes, { ...cluster.options, redisOptions })`.
 * The caller owns the client (`quit()` it).
 * @throws ValidationError for conflicting or incomplete settings.
 */
export function createRedisClient(connection: RedisConnectionOptions): RedisClient {
  assertValidConnection(connection, '');
  const { url, sentinels, name, cluster, keyPrefix, options = {} } = connection;
  const prefix = keyPrefix ? { keyPrefix } : {};
  if (cluster) {
    return new Cluster([...cluster.nodes], {
      ...cluster.options,
      ...prefix,
      redisOptions: { ...options, ...cluster.options?.redisOptions },
    });
  }
  if (sentinels) return new Redis({ ...options, ...prefix, sentinels: [...sentinels], name });
  if (url) return new Redis(url, { ...options, ...prefix });
  return new Redis({ ...options, ...prefix });
}

/**
 * Checks `connection` (issue paths start with `path`).
 * @throws ValidationError listing every problem.
 */
export function assertValidConnection(connection: RedisConnectionOptions, path: string): void {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const issues: ValidationIssue[] = [];
  const given = (['url', 'sentinels', 'cluster'] as const).filter(
    (field) => connection[field] !== undefined,
  );
  if (given.length > 1) {
    issues.push({
      path: at(given[1]!),
      message: `give only one of url, sentinels or cluster (got ${given.join(', ')})`,
      rule: 'exclusive',
    });
  }
  const { url, sentinels, name, cluster } = connection;
  if (url !== undefined && !/^rediss?:\/\/./.test(url)) {
    issues.push({ path: at('url'), message: 'must be a redis:// or rediss:// URL', rule: 'isUrl' });
  }
  if (sentinels !== undefined) {
    if (!Array.isArray(sentinels) || sentinels.length === 0) {
      issues.push({
        path: at('sentinels'),
        message: 'must list at least one sentinel',
        rule: 'minLength',
      });
    }
    if (typeof name !== 'string' || name.length === 0) {
      issues.push({
        path: at('name'),
        message: 'is required with sentinels (the primary name)',
        rule: 'required',
      });
    }
  } else if (name !== undefined) {
    issues.push({ path: at('name'), message: 'is only used with sentinels', rule: 'unexpected' });
  }
  if (cluster !== undefined && (!Array.isArray(cluster.nodes) || cluster.nodes.length === 0)) {
    issues.push({
      path: at('cluster.nodes'),
      message: 'must list at least one node',
      rule: 'minLength',
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
