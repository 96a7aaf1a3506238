import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { sampleMessage } from '../transport/sample-message.fixture.js';
import { resolveRedisStreamsPublisherOptions } from './redis-streams-publisher.options.js';
import { RedisStreamsPublisher } from './redis-streams.publisher.js';

function issuePaths(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    return (error as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort();
  }
  throw new Error('expected a ValidationError');
}

describe('RedisStreamsPublisher options', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveRedisStreamsPublisherOptions({ url: 'redis://127.0.0.1:6379' });
    expect(resolved).toMatchObject({ url: 'redis://127.0.0.1:6379', commandTimeoutMs: 10_000 });
    expect(resolved.maxLen).toBeUndefined();
    expect(resolved.stream(sampleMessage({ destination: 'orders' }))).toBe('cqrs-ddd:orders');
    expect(resolved.stream(sampleMessage({ destination: undefined }))).toBe(
      'cqrs-ddd:orders.order-confirmed.v1',
    );
  });

  it('uses streamPrefix for the default key, and a custom stream function as is', () => {
    const prefixed = resolveRedisStreamsPublisherOptions({
      url: 'rediss://cache:6380/2',
      streamPrefix: '',
      maxLen: 1_000,
    });
    expect(prefixed.stream(sampleMessage({ destination: 'orders' }))).toBe('orders');
    expect(prefixed.maxLen).toBe(1_000);
    const custom = resolveRedisStreamsPublisherOptions({
      url: 'redis://cache',
      stream: (m) => `events:${m.type}`,
    });
    expect(custom.stream(sampleMessage({ destination: 'orders' }))).toBe(
      'events:orders.order-confirmed.v1',
    );
  });

  it('lists every invalid option in one ValidationError', () => {
    const paths = issuePaths(
      () =>
        new RedisStreamsPublisher({
          url: 'http://cache',
          stream: 'orders' as never,
          streamPrefix: null as never,
          maxLen: -1,
          commandTimeoutMs: 0,
        }),
    );
    expect(paths).toEqual(['commandTimeoutMs', 'maxLen', 'stream', 'streamPrefix', 'url']);
  });

  it('needs exactly one of url and client', () => {
    expect(issuePaths(() => resolveRedisStreamsPublisherOptions({}))).toEqual(['url']);
    const client = new Redis({ lazyConnect: true });
    try {
      expect(
        issuePaths(() => resolveRedisStreamsPublisherOptions({ url: 'redis://x', client })),
      ).toEqual(['url']);
      expect(resolveRedisStreamsPublisherOptions({ client }).client).toBe(client);
      expect(
        issuePaths(() => resolveRedisStreamsPublisherOptions({ client: {} as never })),
      ).toEqual(['client']);
    } finally {
      client.disconnect();
    }
  });

  it('closes idempotently before any connection; publishing after close is refused', async () => {
    const publisher = new RedisStreamsPublisher({ url: 'redis://127.0.0.1:1' });
    await expect(publisher.close()).resolves.toBeUndefined();
    await expect(publisher.close()).resolves.toBeUndefined();
    await expect(publisher.publish(sampleMessage())).rejects.toBeInstanceOf(BrokerUnavailableError);
  });
});
