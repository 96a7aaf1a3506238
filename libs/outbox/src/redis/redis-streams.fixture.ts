import type { IntegrationMessage } from '@cqrs-ddd/core';
import { Redis } from 'ioredis';
import { testRedisUrl, uniqueBrokerName } from '../testing/broker-test-urls.js';
import { readBackWireMessage } from '../transport/wire-message.read-back.fixture.js';
import { REDIS_BODY_FIELD } from './redis-streams.publisher.js';

/** The local Redis as a `TcpProxy` target. */
export function redisTarget(): { host: string; port: number } {
  const { hostname, port } = new URL(testRedisUrl());
  return { host: hostname, port: Number(port || 6379) };
}

/** One stream entry: its id and its fields as a record. */
export interface TestStreamEntry {
  readonly id: string;
  readonly key: string;
  readonly fields: Record<string, string>;
}

/**
 * Test access to Redis: unique stream-key prefixes (every key under them deleted by
 * {@link close}) and read-back of the entries.
 */
export class RedisTestStreams {
  /** The admin client of the tests. */
  readonly redis = new Redis(testRedisUrl());
  private readonly prefixes: string[] = [];

  /** A unique key prefix, e.g. `outbox-redis-1a2b3c4d5e:`. */
  prefix(): string {
    const prefix = `${uniqueBrokerName('outbox-redis')}:`;
    this.prefixes.push(prefix);
    return prefix;
  }

  /** Every entry of the streams under `prefix`, in id order. */
  async entries(prefix: string): Promise<TestStreamEntry[]> {
    const entries: TestStreamEntry[] = [];
    for (const key of await this.keys(prefix, 'stream')) {
      for (const [id, list] of await this.redis.xrange(key, '-', '+')) {
        const fields: Record<string, string> = {};
        for (let i = 0; i < list.length; i += 2) fields[list[i]!] = list[i + 1]!;
        entries.push({ id, key, fields });
      }
    }
    return entries.sort((a, b) => compareIds(a.id, b.id));
  }

  /** The integration messages stored under `prefix` (destination = key minus prefix). */
  async readBack(prefix: string): Promise<IntegrationMessage[]> {
    return (await this.entries(prefix)).map(({ key, fields }) => {
      const { [REDIS_BODY_FIELD]: body, ...headers } = fields;
      return readBackWireMessage({
        headers,
        body: body ?? '',
        destination: key.slice(prefix.length),
      });
    });
  }

  /** Deletes every key under the prefixes handed out and closes the admin client. */
  async close(): Promise<void> {
    for (const prefix of this.prefixes) {
      const keys = await this.keys(prefix);
      if (keys.length > 0) await this.redis.del(...keys);
    }
    await this.redis.quit();
  }

  /** The keys under `prefix` (of one type when `type` is given). */
  private async keys(prefix: string, type?: string): Promise<string[]> {
    const keys: string[] = [];
    const match = `${prefix}*`;
    let cursor = '0';
    do {
      const [next, page] =
        type === undefined
          ? await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 1000)
          : await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 1000, 'TYPE', type);
      keys.push(...page);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  }
}

/** Orders entry ids `<ms>-<seq>` (Redis assigns them increasing). */
function compareIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
