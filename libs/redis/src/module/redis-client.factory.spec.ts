import { describe, expect, it } from '@jest/globals';
import { isValidationError, type ValidationError } from '@cqrs-ddd/core';
import { thrownBy } from '@cqrs-ddd/core/testing';
import { Cluster, Redis } from 'ioredis';
import { createRedisClient, type RedisConnectionOptions } from './redis-client.factory.js';

// `lazyConnect` keeps every client here from opening a socket.
const lazy = { lazyConnect: true } as const;

function issuesOf(options: RedisConnectionOptions): string[] {
  const error = thrownBy(() => createRedisClient(options));
  expect(isValidationError(error)).toBe(true);
  return (error as ValidationError).issues.map((issue) => issue.path);
}

describe('createRedisClient', () => {
  it('maps a URL to a standalone client with the key prefix and options', () => {
    const client = createRedisClient({
      url: 'redis://:secret@cache.internal:6380/3',
      keyPrefix: 'shop:',
      options: { ...lazy, connectTimeout: 1_234 },
    });
    expect(client).toBeInstanceOf(Redis);
    expect((client as Redis).options).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      db: 3,
      password: 'secret',
      keyPrefix: 'shop:',
      connectTimeout: 1_234,
    });
    expect(client.status).toBe('wait');
  });

  it('maps sentinels and the primary name to a Sentinel client', () => {
    const sentinels = [
      { host: 's1', port: 26379 },
      { host: 's2', port: 26380 },
    ];
    const client = createRedisClient({
      sentinels,
      name: 'mymaster',
      keyPrefix: 'p:',
      options: { ...lazy, sentinelPassword: 'pw' },
    }) as Redis;
    expect(client).toBeInstanceOf(Redis);
    expect(client.options).toMatchObject({
      sentinels,
      name: 'mymaster',
      keyPrefix: 'p:',
      sentinelPassword: 'pw',
    });
  });

  it('maps cluster nodes to a Cluster client, key prefix at the top, options per node', () => {
    const nodes = [{ host: 'n1', port: 7000 }, 'redis://n2:7001'];
    const client = createRedisClient({
      cluster: { nodes, options: { ...lazy, scaleReads: 'slave', redisOptions: { db: 0 } } },
      keyPrefix: 'c:',
      options: { password: 'pw', connectTimeout: 500 },
    });
    expect(client).toBeInstanceOf(Cluster);
    const cluster = client as Cluster;
    expect(cluster.options).toMatchObject({ keyPrefix: 'c:', scaleReads: 'slave' });
    expect(cluster.options.redisOptions).toEqual({ password: 'pw', connectTimeout: 500, db: 0 });
    expect((cluster as unknown as { startupNodes: unknown }).startupNodes).toEqual(nodes);
  });

  it('without url, sentinels or cluster uses the ioredis options (default localhost)', () => {
    const client = createRedisClient({ options: { ...lazy, port: 6390 } }) as Redis;
    expect(client.options).toMatchObject({ host: 'localhost', port: 6390 });
    expect(client.options.keyPrefix).toBe('');
  });

  it('refuses conflicting or incomplete settings with VALIDATION_FAILED', () => {
    expect(issuesOf({ url: 'redis://a', cluster: { nodes: [7000] } })).toEqual(['cluster']);
    expect(issuesOf({ url: 'http://a' })).toEqual(['url']);
    expect(issuesOf({ sentinels: [{ host: 's', port: 1 }] })).toEqual(['name']);
    expect(issuesOf({ sentinels: [], name: 'm' })).toEqual(['sentinels']);
    expect(issuesOf({ url: 'redis://a', name: 'm' })).toEqual(['name']);
    expect(issuesOf({ cluster: { nodes: [] } })).toEqual(['cluster.nodes']);
  });
});
