import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IntegrationMessage } from '@cqrs-ddd/core';
import { pollUntil, rejectionOf, uniqueName } from '@cqrs-ddd/core/testing';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { testAmqpUrl } from '../testing/broker-test-urls.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import { closedPort, timed } from '../transport/outage.fixture.js';
import { FreezingProxy } from './freezing-proxy.fixture.js';
import type { RabbitMqPublisherOptions } from './rabbitmq-publisher.options.js';
import { TestBroker, type TestQueue } from './rabbitmq-test-broker.fixture.js';
import { RabbitMqPublisher } from './rabbitmq.publisher.js';

const message = (): IntegrationMessage => ({
  messageId: uniqueName('msg'),
  type: 'order.confirmed',
  payload: { orderId: 'order-1' },
  headers: { occurredAt: '2025-01-02T03:04:05.678Z', contentType: 'application/json' },
});

/** How long `call` took to reject, and with what. */
async function timedRejection(call: () => Promise<unknown>) {
  const { value: error, ms } = await timed(rejectionOf(call()));
  return { error, ms };
}

describe('RabbitMqPublisher outages (real RabbitMQ)', () => {
  const target = new URL(testAmqpUrl());
  let admin: TestBroker;
  let exchange: string;
  let queue: TestQueue;
  const proxies: { stop(): Promise<void> }[] = [];
  const publishers: RabbitMqPublisher[] = [];
  const publisherAt = (url: string, options: Partial<RabbitMqPublisherOptions> = {}) => {
    const publisher = new RabbitMqPublisher({ url, exchange, ...options });
    publishers.push(publisher);
    return publisher;
  };
  const tcpProxy = async () => {
    const proxy = await TcpProxy.start({
      host: target.hostname,
      port: Number(target.port) || 5672,
    });
    proxies.push(proxy);
    return proxy;
  };
  const freezingProxy = async () => {
    const proxy = await FreezingProxy.start(testAmqpUrl());
    proxies.push(proxy);
    return proxy;
  };
  const received = async (...sent: IntegrationMessage[]) => {
    const ids = (await queue.receive(sent.length)).map((m) => m.properties.messageId);
    return expect(ids).toEqual(sent.map((m) => m.messageId));
  };

  beforeAll(async () => {
    admin = await TestBroker.connect();
    exchange = await admin.exchange();
  });
  beforeEach(async () => {
    queue = await admin.queue(exchange);
  });
  afterEach(async () => {
    await Promise.all(publishers.splice(0).map((publisher) => publisher.close()));
    await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
  });
  afterAll(async () => {
    await admin.cleanup();
  });

  it('fails fast while the broker is down and recovers by itself once it is back', async () => {
    const proxy = await tcpProxy();
    const publisher = publisherAt(proxy.rewrite(testAmqpUrl()), { confirmTimeoutMs: 3_000 });
    const first = message();
    await publisher.publish(first);

    await proxy.cut();
    const down = await timedRejection(() => publisher.publishBatch([message(), message()]));
    expect(down.error).toBeInstanceOf(BrokerUnavailableError);
    expect(down.ms).toBeLessThan(3_000);
    await expect(publisher.publish(message())).rejects.toBeInstanceOf(BrokerUnavailableError);

    await proxy.restore();
    const back = message();
    await publisher.publish(back);
    await received(first, back);
  });

  it('rejects quickly, without leaking the password, when nothing listens on the port', async () => {
    const url = new URL(testAmqpUrl());
    url.port = String(await closedPort());
    url.password = 'secret-password';
    const { error, ms } = await timedRejection(() =>
      publisherAt(url.toString()).publish(message()),
    );
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).not.toContain('secret-password');
    expect(ms).toBeLessThan(1_000);
  });

  it('gives up connecting after connectTimeoutMs when the broker does not answer', async () => {
    const proxy = await freezingProxy();
    proxy.freeze();
    const publisher = publisherAt(proxy.url, { connectTimeoutMs: 300 });
    const { error, ms } = await timedRejection(() => publisher.publish(message()));
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2_000);
    await pollUntil(
      async () => proxy.open,
      (open) => open === 0,
    );
    expect(proxy.open).toBe(0);
  });

  it('gives up on missing confirms after confirmTimeoutMs, then reconnects', async () => {
    const proxy = await freezingProxy();
    const publisher = publisherAt(proxy.url, { confirmTimeoutMs: 300, connectTimeoutMs: 300 });
    const [first, unconfirmed, after] = [message(), message(), message()];
    await publisher.publish(first);
    expect(proxy.accepted).toBe(1);

    proxy.freeze();
    const { error, ms } = await timedRejection(() => publisher.publish(unconfirmed));
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect((error as Error).message).toContain('confirmTimeoutMs');
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2_000);
    // The silent connection is dropped, even though the broker never answers the close.
    await pollUntil(
      async () => proxy.open,
      (open) => open === 0,
    );
    expect(proxy.open).toBe(0);

    proxy.thaw();
    await publisher.publish(after);
    expect(proxy.accepted).toBe(2);
    // The unconfirmed message did arrive: the relay's retry makes a copy, which the inbox drops.
    await received(first, unconfirmed, after);
  });

  it('recovers from a channel the broker closed (a missing exchange)', async () => {
    const missing = admin.exchangeName();
    const publisher = publisherAt(testAmqpUrl(), { exchange: missing, assertExchange: false });
    const error = await rejectionOf(publisher.publish(message()));
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect((error as Error).message).toContain('NOT_FOUND');

    await admin.channel.assertExchange(missing, 'topic', { durable: true });
    const missingQueue = await admin.queue(missing);
    const sent = message();
    await publisher.publish(sent);
    const ids = (await missingQueue.receive(1)).map((m) => m.properties.messageId);
    expect(ids).toEqual([sent.messageId]);
  });

  it('shares one connection between concurrent first calls and closes it on close()', async () => {
    const proxy = await freezingProxy();
    const publisher = publisherAt(proxy.url);
    const sent = Array.from({ length: 5 }, () => message());
    await Promise.all(sent.map((m) => publisher.publish(m)));
    expect(proxy.accepted).toBe(1);
    const pending = publisher.publish(message());
    await publisher.close();
    await expect(pending).resolves.toBeUndefined();
    await publisher.close();
    await pollUntil(
      async () => proxy.open,
      (open) => open === 0,
    );
    expect(proxy.open).toBe(0);
    await expect(publisher.publish(message())).rejects.toBeInstanceOf(BrokerUnavailableError);
    expect((await queue.receive(6)).length).toBe(6);
  });
});
