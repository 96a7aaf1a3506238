import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IntegrationMessage } from '@cqrs-ddd/core';
import { deferred, uniqueName } from '@cqrs-ddd/core/testing';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Ctx,
  EventPattern,
  type MicroserviceOptions,
  Payload,
  RmqContext,
  Transport,
} from '@nestjs/microservices';
import type { Message } from 'amqplib';
import { decodeWireHeaders } from '../message/wire-message.js';
import { testAmqpUrl } from '../testing/broker-test-urls.js';
import { TestBroker } from './rabbitmq-test-broker.fixture.js';
import { RabbitMqPublisher } from './rabbitmq.publisher.js';

/** What the Nest handler saw. */
interface Handled {
  readonly data: unknown;
  readonly message: Message;
}

@Controller()
class OrderEventsController {
  readonly handled = deferred<Handled>();

  @EventPattern<string>('order.confirmed')
  onOrderConfirmed(@Payload() data: unknown, @Ctx() context: RmqContext): void {
    const message = context.getMessage() as Message;
    context.getChannelRef().ack(message);
    this.handled.resolve({ data, message });
  }
}

@Module({ controllers: [OrderEventsController] })
class OrderEventsModule {}

describe('RabbitMqPublisher with a Nest RMQ microservice (real RabbitMQ)', () => {
  let admin: TestBroker;
  let app: INestMicroservice;
  let publisher: RabbitMqPublisher;

  beforeAll(async () => {
    admin = await TestBroker.connect();
    const exchange = admin.exchangeName();
    app = await NestFactory.createMicroservice<MicroserviceOptions>(OrderEventsModule, {
      transport: Transport.RMQ,
      options: {
        urls: [testAmqpUrl()],
        queue: admin.queueName(),
        exchange,
        exchangeType: 'topic',
        wildcards: true,
        noAck: false,
        queueOptions: { durable: false },
      },
      logger: false,
    });
    await app.listen();
    publisher = new RabbitMqPublisher({ url: testAmqpUrl(), exchange });
  });
  afterAll(async () => {
    await publisher.close();
    await app.close();
    await admin.cleanup();
  });

  it('delivers to an @EventPattern(type) handler: payload as data, context in the headers', async () => {
    const sent: IntegrationMessage = {
      messageId: uniqueName('msg'),
      type: 'order.confirmed',
      payload: { orderId: 'order-1', total: 12.5 },
      headers: {
        occurredAt: '2025-01-02T03:04:05.678Z',
        contentType: 'application/json',
        tenantId: 'tenant-a',
        correlationId: 'corr-1',
      },
    };
    await publisher.publish(sent);
    const { data, message } = await app.get(OrderEventsController).handled.promise;
    expect(data).toEqual(sent.payload);
    expect(decodeWireHeaders(message.properties.headers)).toEqual({
      messageId: sent.messageId,
      type: 'order.confirmed',
      headers: sent.headers,
    });
  });
});
