import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rejectionOf } from '@cqrs-ddd/core/testing';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { testRedisUrl } from '../testing/broker-test-urls.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import { closedPort, SLACK_MS, timed } from '../transport/outage.fixture.js';
import { sampleMessage } from '../transport/sample-message.fixture.js';
import { RedisTestStreams, redisTarget } from './redis-streams.fixture.js';
import { RedisStreamsPublisher } from './redis-streams.publisher.js';

const COMMAND_TIMEOUT_MS = 1_500;

describe('RedisStreamsPublisher outages (real Redis behind a TCP proxy)', () => {
  const streams = new RedisTestStreams();
  let proxy: TcpProxy;
  let publisher: RedisStreamsPublisher | undefined;

  beforeAll(async () => {
    proxy = await TcpProxy.start(redisTarget());
  });

  afterAll(async () => {
    await publisher?.close();
    await proxy.stop();
    await streams.close();
  });

  it('rejects with BrokerUnavailableError in time while cut, then recovers by itself', async () => {
    const prefix = streams.prefix();
    publisher = new RedisStreamsPublisher({
      url: proxy.rewrite(testRedisUrl()),
      streamPrefix: prefix,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
    });
    const before = sampleMessage();
    await publisher.publish(before);

    await proxy.cut();
    for (let call = 0; call < 2; call += 1) {
      const outage = await timed(
        rejectionOf(publisher.publishBatch([sampleMessage(), sampleMessage()])),
      );
      expect(outage.value).toBeInstanceOf(BrokerUnavailableError);
      expect(outage.value).toMatchObject({ transport: 'redis-streams' });
      expect(outage.ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS);
    }

    await proxy.restore();
    const after = [sampleMessage(), sampleMessage()];
    await expect(publisher.publishBatch(after)).resolves.toBeUndefined();
    const ids = (await streams.readBack(prefix)).map((m) => m.messageId);
    expect(ids).toEqual([before.messageId, ...after.map((m) => m.messageId)]);
  });

  it('rejects promptly with BrokerUnavailableError when nothing listens on the URL', async () => {
    const port = await closedPort();
    const unreachable = new RedisStreamsPublisher({
      url: `redis://127.0.0.1:${port}`,
      commandTimeoutMs: 5_000,
    });
    try {
      const { value, ms } = await timed(rejectionOf(unreachable.publish(sampleMessage())));
      expect(value).toBeInstanceOf(BrokerUnavailableError);
      expect((value as Error).message).toContain(`127.0.0.1:${port}`);
      expect((value as Error).message).toContain('ECONNREFUSED');
      expect(ms).toBeLessThan(SLACK_MS);
    } finally {
      await unreachable.close();
    }
  });

  it('closes idempotently and rejects publishes after close', async () => {
    const closing = new RedisStreamsPublisher({
      url: testRedisUrl(),
      streamPrefix: streams.prefix(),
    });
    await closing.publish(sampleMessage());
    await closing.close();
    await expect(closing.close()).resolves.toBeUndefined();
    await expect(closing.publish(sampleMessage())).rejects.toBeInstanceOf(BrokerUnavailableError);
  });
});
