import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  CqrsDddModule,
  EventStore,
  eventMetadataFromContext,
  formatTraceparent,
  runInContext,
} from '@cqrs-ddd/core';
import { installInMemoryTracing, type InMemoryTracing, pollUntil } from '@cqrs-ddd/core/testing';
import { EventStoreModule } from '@cqrs-ddd/event-store';
import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import { Test, type TestingModule } from '@nestjs/testing';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InboxProbe } from '../inbox/inbox-rabbitmq.fixture.js';
import { useInboxTestBed } from '../inbox/inbox-test-bed.fixture.js';
import { OutboxModule } from '../module/outbox.module.js';
import { RabbitMqPublisher } from '../rabbitmq/rabbitmq.publisher.js';
import { testAmqpUrl } from '../testing/broker-test-urls.js';

/** The integration event the consumer fixture turns into a `RequestShipment` command. */
const SHIPMENT_REQUESTED = 'shipment.requested';
/** The caller's trace, as an HTTP request's `traceparent` header would carry it. */
const HTTP_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const [, HTTP_TRACE_ID, HTTP_SPAN_ID] = HTTP_TRACEPARENT.split('-');

class ShipOrder {
  constructor(readonly orderId: string) {}
}

@CommandHandler(ShipOrder)
class ShipOrderHandler implements ICommandHandler<ShipOrder> {
  constructor(private readonly events: EventStore) {}

  async execute({ orderId }: ShipOrder): Promise<void> {
    await this.events.append(`order-${orderId}`, [
      {
        type: SHIPMENT_REQUESTED,
        version: 1,
        data: { orderId, quantity: 2 },
        metadata: eventMetadataFromContext(),
      },
    ]);
  }
}

/**
 * One trace across the async hops: a command in a request context carrying a `traceparent` →
 * the event append → the outbox publish to RabbitMQ (in the event's trace) → the consumer's
 * `@Inbox()` handling (in the message's trace) → the command the consumer sends.
 */
describe('trace continuity from a command through the outbox to a RabbitMQ consumer', () => {
  const bed = useInboxTestBed();
  let tracing: InMemoryTracing;
  let producer: TestingModule;
  let exchange: string;

  beforeAll(async () => {
    tracing = installInMemoryTracing();
    exchange = await bed.broker.exchange();
    producer = await Test.createTestingModule({
      imports: [
        testMikroOrmModule({ pool: { min: 0, max: 4 } }),
        CqrsDddModule.forRoot({
          modules: [EventStoreModule.forRoot({ driver: 'postgres', postgres: { migrate: true } })],
        }),
        OutboxModule.forRoot({
          coordination: 'memory',
          publishers: [
            {
              name: `trace-${randomUUID()}`,
              select: { types: [SHIPMENT_REQUESTED] },
              transport: new RabbitMqPublisher({ url: testAmqpUrl(), exchange }),
            },
          ],
        }),
      ],
      providers: [ShipOrderHandler],
    }).compile();
    producer.useLogger(false);
    await producer.init();
  });
  afterAll(async () => {
    await producer?.close();
    await tracing?.uninstall();
  });

  const span = (name: string): ReadableSpan => {
    const found = tracing.finishedSpans().filter((s) => s.name === name);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const isChild = (child: ReadableSpan, parent: ReadableSpan) => {
    expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  };

  it('continues the caller trace through append, publish, consume and the consumer command', async () => {
    const probe = new InboxProbe();
    const consumer = await bed.consumer(probe);
    await bed.broker.channel.bindQueue(consumer.queue, exchange, SHIPMENT_REQUESTED);
    const orderId = randomUUID();

    await runInContext({ correlationId: 'corr-trace', traceparent: HTTP_TRACEPARENT }, () =>
      producer.get(CommandBus).execute(new ShipOrder(orderId)),
    );
    await pollUntil(
      async () => tracing.finishedSpans().some((s) => s.name === `consume ${SHIPMENT_REQUESTED}`),
      (done) => done,
      20_000,
    );

    const command = span('command ShipOrder');
    const append = span('event.append');
    const publish = span(`publish ${SHIPMENT_REQUESTED}`);
    const consume = span(`consume ${SHIPMENT_REQUESTED}`);
    const consumerCommand = span('command RequestShipment');

    expect(command.spanContext().traceId).toBe(HTTP_TRACE_ID);
    expect(command.parentSpanContext?.spanId).toBe(HTTP_SPAN_ID);
    isChild(append, command);
    expect(append.attributes).toMatchObject({
      'cqrs.stream.id': `order-${orderId}`,
      'cqrs.event.count': 1,
    });
    // The stored event's traceparent names the command span: the publish continues it.
    isChild(publish, command);
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(publish.attributes).toMatchObject({
      'messaging.destination.name': SHIPMENT_REQUESTED,
      'messaging.system': 'rabbitmq',
      'cqrs.event.type': SHIPMENT_REQUESTED,
    });
    // The message's traceparent header names the publish span.
    isChild(consume, publish);
    expect(consume.kind).toBe(SpanKind.CONSUMER);
    expect(consume.attributes).toMatchObject({
      'messaging.destination.name': SHIPMENT_REQUESTED,
      'messaging.system': 'rabbitmq',
    });
    isChild(consumerCommand, consume);
    // The consumer's command runs in the trace: what it records carries its span.
    expect(probe.commands).toHaveLength(1);
    expect(probe.commands[0]).toMatchObject({
      correlationId: 'corr-trace',
      traceparent: formatTraceparent(consumerCommand.spanContext()),
    });
  });
});
