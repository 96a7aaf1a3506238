import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IntegrationMessage } from '@cqrs-ddd/core';
import { pollUntil, uniqueName } from '@cqrs-ddd/core/testing';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Ctx,
  EventPattern,
  type MicroserviceOptions,
  NatsContext,
  Payload,
  Transport,
} from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { WIRE_HEADERS } from '../message/wire-message.js';
import { testNatsUrl } from '../testing/broker-test-urls.js';
import { JetStreamTestStreams, publisherHeaders } from './nats-jetstream.fixture.js';
import { NatsJetStreamPublisher } from './nats-jetstream.publisher.js';

describe('NatsJetStreamPublisher → Nest NATS microservice', () => {
  let streams: JetStreamTestStreams;
  let app: INestMicroservice;
  let publisher: NatsJetStreamPublisher;
  const stream = { name: '', subjects: [] as string[], subjectPrefix: '' };
  const received: { data: unknown; subject: string; headers: Record<string, string> }[] = [];

  beforeAll(async () => {
    streams = await JetStreamTestStreams.open();
    Object.assign(stream, streams.define());
    const subject = `${stream.subjectPrefix}orders`;

    @Controller()
    class OrdersListener {
      @EventPattern<string>(subject)
      onOrder(@Payload() data: unknown, @Ctx() context: NatsContext): void {
        received.push({
          data,
          subject: context.getSubject(),
          headers: publisherHeaders(context.getHeaders()),
        });
      }
    }
    @Module({ controllers: [OrdersListener] })
    class ListenerModule {}

    app = await NestFactory.createMicroservice<MicroserviceOptions>(ListenerModule, {
      transport: Transport.NATS,
      options: { servers: [testNatsUrl()] },
      logger: false,
    });
    await app.listen();
    publisher = new NatsJetStreamPublisher({
      servers: testNatsUrl(),
      subjectPrefix: stream.subjectPrefix,
      stream,
    });
  });

  afterAll(async () => {
    await publisher.close();
    await app.close();
    await streams.close();
  });

  it('delivers the payload and the wire headers to an @EventPattern(subject) handler', async () => {
    const sent: IntegrationMessage = {
      messageId: uniqueName('msg'),
      type: 'orders.order-confirmed.v1',
      destination: 'orders',
      payload: { orderId: 'order-1', total: 12.5 },
      headers: {
        occurredAt: '2025-01-02T03:04:05.678Z',
        contentType: 'application/json',
        correlationId: 'corr-1',
      },
    };
    await publisher.publish(sent);
    const seen = await pollUntil(
      async () => received,
      (list) => list.length > 0,
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      data: sent.payload,
      subject: `${stream.subjectPrefix}orders`,
      headers: {
        [WIRE_HEADERS.messageId]: sent.messageId,
        [WIRE_HEADERS.type]: sent.type,
        [WIRE_HEADERS.correlationId]: 'corr-1',
      },
    });
    // JetStream stored it too (the handler is an extra core-NATS subscriber)
    expect((await streams.readBack(stream)).map((m) => m.messageId)).toEqual([sent.messageId]);
  });
});
