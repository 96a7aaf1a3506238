import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import { CqrsDddModule, currentRequestContext, type RequestContextState } from '@cqrs-ddd/core';
import { EventStoreModule } from '@cqrs-ddd/event-store';
import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventPattern, Payload, ServerRMQ } from '@nestjs/microservices';
import type { Channel } from 'amqplib';
import { IsInt, IsPositive, IsString } from 'class-validator';
import { encodeWireMessage } from '../message/wire-message.js';
import { Inbox } from './inbox.decorator.js';
import { InboxModule } from './inbox.module.js';

/** Table the test handlers write to: one row per application of a message (no unique key). */
export const EFFECTS_TABLE = 'inbox_it_effects';

/** Attempts per delivery in the test consumers. */
export const MAX_ATTEMPTS = 3;

/** What the test handlers saw, and what they do; one per consumer app. */
export class InboxProbe {
  /** Runs after the order handler wrote its row; `call` counts the handler's calls from 1. */
  behaviour: (data: { orderId: string }, call: number) => unknown = () => undefined;
  /** The request context of each call of the order handler. */
  readonly orderCalls: (RequestContextState | undefined)[] = [];
  /** Calls of the shipment handler (which sends a command). */
  shipmentCalls = 0;
  /** The request context of each `RequestShipment` command handled. */
  readonly commands: (RequestContextState | undefined)[] = [];
}

/** A command validated by the pipeline (class-validator decorators). */
export class RequestShipment {
  @IsString() readonly orderId: unknown;
  @IsInt() @IsPositive() readonly quantity: unknown;

  constructor(orderId: unknown, quantity: unknown) {
    this.orderId = orderId;
    this.quantity = quantity;
  }
}

async function writeEffect(em: EntityManager, note: string): Promise<void> {
  const messageId = currentRequestContext()?.messageId;
  await em.execute(`INSERT INTO ${EFFECTS_TABLE} (message_id, note) VALUES (?, ?)`, [
    messageId,
    note,
  ]);
}

@CommandHandler(RequestShipment)
class RequestShipmentHandler implements ICommandHandler<RequestShipment> {
  constructor(
    private readonly em: EntityManager,
    private readonly probe: InboxProbe,
  ) {}

  async execute(command: RequestShipment): Promise<void> {
    this.probe.commands.push(currentRequestContext());
    await writeEffect(this.em, `shipment ${String(command.orderId)}`);
  }
}

@Controller()
class OrderEventsController {
  constructor(
    private readonly em: EntityManager,
    private readonly probe: InboxProbe,
    private readonly commandBus: CommandBus,
  ) {}

  @EventPattern('order.confirmed')
  @Inbox()
  async confirmed(@Payload() data: { orderId: string }): Promise<void> {
    this.probe.orderCalls.push(currentRequestContext());
    await writeEffect(this.em, data.orderId);
    await this.probe.behaviour(data, this.probe.orderCalls.length);
  }

  @EventPattern('shipment.requested')
  @Inbox()
  async shipmentRequested(@Payload() data: { orderId: unknown; quantity: unknown }) {
    this.probe.shipmentCalls += 1;
    await this.commandBus.execute(new RequestShipment(data.orderId, data.quantity));
  }
}

/** A running consumer app and what it settled. */
export interface TestConsumer {
  readonly app: INestMicroservice;
  /** Deliveries whose processing ended (acked, skipped, dead-lettered or given up). */
  settled(): number;
}

/**
 * Starts a Nest microservice consuming `queue` (declared durable, dead-lettering to `dlx`)
 * with `noAck: false`, on PostgreSQL (event store, inbox and the handlers' writes).
 */
export async function startConsumer(options: {
  readonly url: string;
  readonly queue: string;
  readonly dlx: string;
  readonly probe: InboxProbe;
  readonly prefetchCount?: number;
}): Promise<TestConsumer> {
  @Module({
    imports: [
      testMikroOrmModule(),
      CqrsDddModule.forRoot({
        modules: [EventStoreModule.forRoot({ driver: 'postgres', postgres: { migrate: true } })],
      }),
      InboxModule.forRoot({
        store: 'postgres',
        maxAttempts: MAX_ATTEMPTS,
        retry: { initialDelayMs: 5, maxDelayMs: 20 },
      }),
    ],
    controllers: [OrderEventsController],
    providers: [{ provide: InboxProbe, useValue: options.probe }, RequestShipmentHandler],
  })
  class ConsumerModule {}

  const server = new ServerRMQ({
    urls: [options.url],
    queue: options.queue,
    noAck: false,
    prefetchCount: options.prefetchCount ?? 10,
    queueOptions: { durable: true, arguments: { 'x-dead-letter-exchange': options.dlx } },
    socketOptions: { reconnectTimeInSeconds: 0.1 },
  });
  let settled = 0;
  server.setOnProcessingEndHook(() => (settled += 1));
  const app = await NestFactory.createMicroservice(ConsumerModule, {
    strategy: server,
    logger: false,
  });
  await app.listen();
  return { app, settled: () => settled };
}

/** Publishes a message as the outbox does (wire body and headers, AMQP `messageId`). */
export function publish(
  channel: Channel,
  queue: string,
  message: { id: string; pattern: string; data: object; headers?: Record<string, string> },
): void {
  const { body, headers } = encodeWireMessage({
    messageId: message.id,
    type: message.pattern,
    payload: message.data,
    headers: {
      occurredAt: new Date().toISOString(),
      contentType: 'application/json',
      ...message.headers,
    },
  });
  channel.sendToQueue(queue, body, {
    headers,
    messageId: message.id || undefined,
    persistent: true,
    contentType: 'application/json',
  });
}

/** An `order.confirmed` message with id `id` (handled by the order handler). */
export function orderMessage(id: string, headers?: Record<string, string>) {
  return { id, pattern: 'order.confirmed', data: { orderId: `order-${id}` }, headers };
}
