import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { IntegrationMessage } from '@cqrs-ddd/core';
import { describeMessagePublisherContract, rejectionOf } from '@cqrs-ddd/core/testing';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { testAmqpUrl } from '../testing/broker-test-urls.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import { outageOnceSubject } from '../transport/outage.fixture.js';
import {
  FULL_CONTEXT_HEADERS,
  SAMPLE_HEADERS,
  sampleMessage,
} from '../transport/sample-message.fixture.js';
import type { RabbitMqPublisherOptions } from './rabbitmq-publisher.options.js';
import { TestBroker } from './rabbitmq-test-broker.fixture.js';
import { RabbitMqPublisher } from './rabbitmq.publisher.js';

describe('RabbitMqPublisher (real RabbitMQ)', () => {
  const broker = new URL(testAmqpUrl());
  let admin: TestBroker;
  let proxy: TcpProxy;
  const publishers: RabbitMqPublisher[] = [];
  const publisherFor = (exchange: string, options: Partial<RabbitMqPublisherOptions> = {}) => {
    const publisher = new RabbitMqPublisher({ url: testAmqpUrl(), exchange, ...options });
    publishers.push(publisher);
    return publisher;
  };

  beforeAll(async () => {
    admin = await TestBroker.connect();
    proxy = await TcpProxy.start({ host: broker.hostname, port: Number(broker.port) || 5672 });
  });
  afterEach(async () => {
    await Promise.all(publishers.splice(0).map((publisher) => publisher.close()));
  });
  afterAll(async () => {
    await proxy.stop();
    await admin.cleanup();
  });

  describeMessagePublisherContract('RabbitMqPublisher', async () => {
    const exchange = await admin.exchange();
    const queue = await admin.queue(exchange);
    const publisher = publisherFor(exchange, {
      url: proxy.rewrite(testAmqpUrl()),
      confirmTimeoutMs: 2_000,
      connectTimeoutMs: 2_000,
    });
    // the proxy serves every test of this file (stopped in afterAll)
    return outageOnceSubject(publisher, proxy, () => queue.messages(), { ownsProxy: false });
  });

  it('writes the AMQP properties and every wire header', async () => {
    const exchange = await admin.exchange();
    const queue = await admin.queue(exchange);
    const publisher = publisherFor(exchange, { appId: 'orders-service' });
    const sent = sampleMessage({
      destination: 'orders.eu',
      key: 'order-1',
      headers: { ...FULL_CONTEXT_HEADERS, 'x-custom': 'Zoë' },
    });
    await publisher.publish(sent);
    const [received] = await queue.receive(1);
    expect(received.fields).toMatchObject({ exchange, routingKey: 'orders.eu' });
    expect(received.properties).toMatchObject({
      deliveryMode: 2,
      messageId: sent.messageId,
      type: 'orders.order-confirmed.v1',
      contentType: 'application/json',
      timestamp: Date.UTC(2025, 0, 2, 3, 4, 5) / 1000,
      correlationId: 'corr-1',
      appId: 'orders-service',
    });
    expect(received.properties.headers).toEqual({
      'x-message-id': sent.messageId,
      'x-message-type': 'orders.order-confirmed.v1',
      'x-message-key': 'order-1',
      'x-tenant-id': 'tenant-a',
      'x-correlation-id': 'corr-1',
      'x-causation-id': 'cause-1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'x-occurred-at': '2025-01-02T03:04:05.678Z',
      'content-type': 'application/json',
      'x-custom': 'Zoë',
    });
    expect(JSON.parse(received.content.toString())).toEqual({
      pattern: 'orders.order-confirmed.v1',
      data: sent.payload,
    });
  });

  it('routes by type without a destination, or by the routingKey option', async () => {
    const exchange = await admin.exchange();
    const byType = await admin.queue(exchange, 'orders.order-confirmed.v1');
    const byTenant = await admin.queue(exchange, 'tenant-a.#');
    await publisherFor(exchange).publish(sampleMessage({ destination: undefined }));
    const routingKey = (m: IntegrationMessage) => `${m.headers.tenantId}.${m.type}`;
    const headers = { ...SAMPLE_HEADERS, tenantId: 'tenant-a' };
    await publisherFor(exchange, { routingKey }).publish(sampleMessage({ headers }));
    expect((await byType.receive(1)).map((m) => m.fields.routingKey)).toEqual([
      'orders.order-confirmed.v1',
    ]);
    expect((await byTenant.receive(1)).map((m) => m.fields.routingKey)).toEqual([
      'tenant-a.orders.order-confirmed.v1',
    ]);
  });

  it('rejects a message the broker nacks, naming it, and keeps publishing others', async () => {
    const exchange = await admin.exchange();
    await admin.queue(exchange, 'full', { 'x-max-length': 0, 'x-overflow': 'reject-publish' });
    const orders = await admin.queue(exchange, 'orders');
    const publisher = publisherFor(exchange);
    const [before, refused, after] = [
      sampleMessage(),
      sampleMessage({ destination: 'full' }),
      sampleMessage(),
    ];
    const error = await rejectionOf(publisher.publishBatch([before, refused, after]));
    expect(error).toBeInstanceOf(MessageRejectedError);
    expect(error).toMatchObject({ messageId: refused.messageId });
    const later = sampleMessage();
    await expect(publisher.publish(later)).resolves.toBeUndefined();
    const ids = (await orders.receive(3)).map((m) => m.properties.messageId);
    expect(ids).toEqual([before.messageId, after.messageId, later.messageId]);
  });

  it('rejects a message whose headers AMQP cannot carry, and keeps publishing others', async () => {
    const exchange = await admin.exchange();
    const queue = await admin.queue(exchange);
    const publisher = publisherFor(exchange);
    const huge = sampleMessage({ headers: { ...SAMPLE_HEADERS, 'x-blob': 'x'.repeat(70_000) } });
    await expect(publisher.publish(huge)).rejects.toMatchObject({
      code: MessageRejectedError.CODE,
      messageId: huge.messageId,
    });
    const next = sampleMessage();
    await publisher.publish(next);
    expect((await queue.receive(1)).map((m) => m.properties.messageId)).toEqual([next.messageId]);
  });
});
