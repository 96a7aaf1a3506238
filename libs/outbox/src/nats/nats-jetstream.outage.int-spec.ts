import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rejectionOf } from '@cqrs-ddd/core/testing';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { testNatsUrl } from '../testing/broker-test-urls.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import { closedPort, SLACK_MS, timed } from '../transport/outage.fixture.js';
import { sampleMessage } from '../transport/sample-message.fixture.js';
import { JetStreamTestStreams, natsTarget } from './nats-jetstream.fixture.js';
import { NatsJetStreamPublisher } from './nats-jetstream.publisher.js';

const PUBLISH_TIMEOUT_MS = 1_000;

describe('NatsJetStreamPublisher outages (real NATS behind a TCP proxy)', () => {
  let streams: JetStreamTestStreams;
  let proxy: TcpProxy;
  let publisher: NatsJetStreamPublisher;

  beforeAll(async () => {
    streams = await JetStreamTestStreams.open();
    proxy = await TcpProxy.start(natsTarget());
  });

  afterAll(async () => {
    await publisher?.close();
    await proxy.stop();
    await streams.close();
  });

  it('rejects with BrokerUnavailableError in time while cut, then recovers by itself', async () => {
    const stream = streams.define();
    publisher = new NatsJetStreamPublisher({
      servers: proxy.rewrite(testNatsUrl()),
      subjectPrefix: stream.subjectPrefix,
      stream,
      publishTimeoutMs: PUBLISH_TIMEOUT_MS,
      connectTimeoutMs: PUBLISH_TIMEOUT_MS,
    });
    const before = sampleMessage();
    await publisher.publish(before);

    await proxy.cut();
    const outage = await timed(
      rejectionOf(publisher.publishBatch([sampleMessage(), sampleMessage()])),
    );
    expect(outage.value).toBeInstanceOf(BrokerUnavailableError);
    expect(outage.value).toMatchObject({ transport: 'nats' });
    expect(outage.ms).toBeLessThan(PUBLISH_TIMEOUT_MS + SLACK_MS);
    // still down: the next call fails as fast, without hanging on a dead connection
    await expect(publisher.publish(sampleMessage())).rejects.toBeInstanceOf(BrokerUnavailableError);

    await proxy.restore();
    const after = [sampleMessage(), sampleMessage()];
    await expect(publisher.publishBatch(after)).resolves.toBeUndefined();
    const ids = (await streams.readBack(stream)).map((m) => m.messageId);
    expect(ids).toEqual([before.messageId, ...after.map((m) => m.messageId)]);
  });

  it('rejects promptly with BrokerUnavailableError when nothing listens on the URL', async () => {
    const port = await closedPort();
    const unreachable = new NatsJetStreamPublisher({
      servers: `nats://127.0.0.1:${port}`,
      connectTimeoutMs: 5_000,
    });
    const { value, ms } = await timed(rejectionOf(unreachable.publish(sampleMessage())));
    expect(value).toBeInstanceOf(BrokerUnavailableError);
    expect((value as Error).message).toContain(`127.0.0.1:${port}`);
    expect(ms).toBeLessThan(SLACK_MS);
    await unreachable.close();
  });

  it('closes idempotently and rejects publishes after close', async () => {
    const stream = streams.define();
    const closing = new NatsJetStreamPublisher({
      servers: testNatsUrl(),
      stream,
      subjectPrefix: stream.subjectPrefix,
    });
    await closing.publish(sampleMessage());
    await closing.close();
    await expect(closing.close()).resolves.toBeUndefined();
    await expect(closing.publish(sampleMessage())).rejects.toBeInstanceOf(BrokerUnavailableError);
  });
});
