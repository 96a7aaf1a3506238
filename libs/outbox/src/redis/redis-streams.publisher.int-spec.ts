import { afterAll, describe, expect, it } from '@jest/globals';
import { describeMessagePublisherContract, rejectionOf, uniqueName } from '@cqrs-ddd/core/testing';
import { Redis } from 'ioredis';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { WIRE_HEADERS } from '../message/wire-message.js';
import { testRedisUrl } from '../testing/broker-test-urls.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import { outageOnceSubject } from '../transport/outage.fixture.js';
import {
  FULL_CONTEXT_HEADERS,
  SAMPLE_HEADERS,
  sampleMessage,
} from '../transport/sample-message.fixture.js';
import { RedisTestStreams, redisTarget } from './redis-streams.fixture.js';
import { RedisStreamsPublisher } from './redis-streams.publisher.js';

describe('RedisStreamsPublisher (real Redis)', () => {
  const streams = new RedisTestStreams();
  const publishers: RedisStreamsPublisher[] = [];

  afterAll(async () => {
    await Promise.all(publishers.map((publisher) => publisher.close()));
    await streams.close();
  });

  function publisherOn(streamPrefix: string, options: { maxLen?: number } = {}) {
    const publisher = new RedisStreamsPublisher({ url: testRedisUrl(), streamPrefix, ...options });
    publishers.push(publisher);
    return publisher;
  }

  describeMessagePublisherContract('RedisStreamsPublisher', async () => {
    const prefix = streams.prefix();
    const proxy = await TcpProxy.start(redisTarget());
    const publisher = new RedisStreamsPublisher({
      url: proxy.rewrite(testRedisUrl()),
      streamPrefix: prefix,
      commandTimeoutMs: 2_000,
    });
    return outageOnceSubject(publisher, proxy, () => streams.readBack(prefix));
  });

  it('writes one entry per message: every wire header as a field, plus the body', async () => {
    const prefix = streams.prefix();
    const sent = sampleMessage({ headers: FULL_CONTEXT_HEADERS });
    await publisherOn(prefix).publish(sent);
    const entries = await streams.entries(prefix);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.key).toBe(`${prefix}orders`);
    expect(entries[0]?.fields).toEqual({
      [WIRE_HEADERS.messageId]: sent.messageId,
      [WIRE_HEADERS.type]: sent.type,
      [WIRE_HEADERS.tenantId]: 'tenant-a',
      [WIRE_HEADERS.correlationId]: 'corr-1',
      [WIRE_HEADERS.causationId]: 'cause-1',
      [WIRE_HEADERS.traceparent]: sent.headers.traceparent,
      [WIRE_HEADERS.occurredAt]: sent.headers.occurredAt,
      [WIRE_HEADERS.contentType]: 'application/json',
      body: JSON.stringify({ pattern: sent.type, data: sent.payload }),
    });
  });

  it('uses the default prefix "cqrs-ddd:" and the type when a message has no destination', async () => {
    const publisher = new RedisStreamsPublisher({ url: testRedisUrl() });
    publishers.push(publisher);
    const type = uniqueName('outbox_redis_type');
    const key = `cqrs-ddd:${type}`;
    try {
      await publisher.publish(sampleMessage({ type, destination: undefined }));
      expect((await streams.entries(key)).map((entry) => entry.key)).toEqual([key]);
    } finally {
      await streams.redis.del(key);
    }
  });

  it('trims each stream approximately to maxLen', async () => {
    const prefix = streams.prefix();
    await publisherOn(prefix, { maxLen: 10 }).publishBatch(
      Array.from({ length: 300 }, () => sampleMessage()),
    );
    const length = await streams.redis.xlen(`${prefix}orders`);
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(300);
  });

  it('rejects a message whose key holds another type with MessageRejectedError naming it', async () => {
    const prefix = streams.prefix();
    await streams.redis.set(`${prefix}occupied`, 'not a stream');
    const [ok, refused] = [sampleMessage(), sampleMessage({ destination: 'occupied' })];
    const error = await rejectionOf(publisherOn(prefix).publishBatch([ok, refused]));
    expect(error).toBeInstanceOf(MessageRejectedError);
    expect(error).toMatchObject({ messageId: refused.messageId });
    expect((await streams.readBack(prefix)).map((m) => m.messageId)).toEqual([ok.messageId]);
  });

  it('rejects a message with a header named "body" before sending anything', async () => {
    const prefix = streams.prefix();
    const clash = sampleMessage({ headers: { ...SAMPLE_HEADERS, contentType: 'a/b', body: 'x' } });
    const error = await rejectionOf(publisherOn(prefix).publishBatch([sampleMessage(), clash]));
    expect(error).toMatchObject({ code: MessageRejectedError.CODE, messageId: clash.messageId });
    expect(await streams.entries(prefix)).toEqual([]);
  });

  it('publishes through a client it was given, and leaves it open on close', async () => {
    const prefix = streams.prefix();
    const client = new Redis(testRedisUrl(), { enableOfflineQueue: false, lazyConnect: true });
    try {
      const publisher = new RedisStreamsPublisher({ client, streamPrefix: prefix });
      await publisher.publish(sampleMessage());
      await publisher.close();
      expect(await client.ping()).toBe('PONG');
      expect(await streams.entries(prefix)).toHaveLength(1);
    } finally {
      await client.quit();
    }
  });
});
