import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import { currentRequestContext, headerValue } from '@cqrs-ddd/core';
import { EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, RmqContext, ServerRMQ } from '@nestjs/microservices';
import type { Message } from 'amqplib';
import { Inbox } from '../inbox/inbox.decorator.js';
import { InboxModule } from '../inbox/inbox.module.js';
import { prepareRabbitMqConsumer } from '../rabbitmq/rabbitmq-consumer.topology.js';
import type { TestBroker } from '../rabbitmq/rabbitmq-test-broker.fixture.js';
import { EVENT_HEADERS } from '../relay/integration-message.mapping.js';
import { testAmqpUrl, uniqueBrokerName } from '../testing/broker-test-urls.js';
import { CREDITED } from './relay-workload.fixture.js';

/** One application of a message by the consumer (no unique key: a double shows as two rows). */
export interface EffectRow {
  /** Order of application. */
  readonly seq: number;
  readonly messageId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  /** Tenant of the request context the handler ran in. */
  readonly tenantId: string | null;
}

const TABLE = 'relay_effects';

/**
 * A downstream service consuming the relayed {@link CREDITED} messages: a Nest RMQ
 * microservice (`prepareRabbitMqConsumer` topology: its own queue bound to the exchange by the
 * handler's pattern, manual acks, dead-lettering) whose `@Inbox()` handler writes one effect row
 * per message into PostgreSQL, in the inbox's transaction — so its effects are exactly once
 * however often a message is delivered.
 */
export class EffectsConsumer {
  private settledCount = 0;

  private constructor(
    private readonly orm: MikroORM,
    private readonly broker: TestBroker,
    /** Inbox consumer name: keys its inbox records and its effect rows. */
    readonly name: string,
    private readonly deadLetterQueue: string,
    private app?: INestMicroservice,
  ) {}

  /** Starts a consumer of `exchange`; `prefetchCount: 1` handles one message at a time. */
  static async start(
    orm: MikroORM,
    broker: TestBroker,
    exchange: string,
    { prefetchCount = 20 } = {},
  ): Promise<EffectsConsumer> {
    await orm.em.execute(`CREATE TABLE IF NOT EXISTS ${TABLE} (
      seq bigserial PRIMARY KEY, consumer text NOT NULL, message_id text NOT NULL,
      stream_id text, stream_version integer, tenant_id text)`);
    const name = uniqueBrokerName('effects');
    const deadLetterQueue = broker.queueName();
    const { options } = await prepareRabbitMqConsumer({
      url: testAmqpUrl(),
      queue: broker.queueName(),
      exchange,
      prefetchCount,
      deadLetterExchange: broker.exchangeName(),
      deadLetterQueue,
    });
    const consumer = new EffectsConsumer(orm, broker, name, deadLetterQueue);
    const server = new ServerRMQ(options!);
    server.setOnProcessingEndHook(() => (consumer.settledCount += 1));
    consumer.app = await NestFactory.createMicroservice(consumerModule(name), {
      strategy: server,
      logger: false,
    });
    await consumer.app.listen();
    return consumer;
  }

  /** Deliveries whose processing ended (applied, skipped as duplicates, or dead-lettered). */
  settled(): number {
    return this.settledCount;
  }

  /** The effect rows of this consumer, in order of application. */
  async effects(): Promise<EffectRow[]> {
    const rows = await this.orm.em.execute<
      {
        seq: string;
        message_id: string;
        stream_id: string;
        stream_version: number;
        tenant_id: string | null;
      }[]
    >(
      `SELECT seq, message_id, stream_id, stream_version, tenant_id FROM ${TABLE}
       WHERE consumer = ? ORDER BY seq`,
      [this.name],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      messageId: row.message_id,
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      tenantId: row.tenant_id,
    }));
  }

  /** Messages dead-lettered so far (the handler gave up on them). */
  async deadLettered(): Promise<number> {
    return (await this.broker.channel.checkQueue(this.deadLetterQueue)).messageCount;
  }

  /** Stops the microservice (unsettled deliveries go back to the queue). */
  async close(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }
}

/** The consumer's module: its MikroORM pool, the PostgreSQL inbox and the handler. */
function consumerModule(name: string) {
  @Controller()
  class CreditsController {
    constructor(private readonly em: EntityManager) {}

    @EventPattern(CREDITED)
    @Inbox({ consumer: name })
    async credited(@Ctx() context: RmqContext): Promise<void> {
      const headers = (context.getMessage() as Message).properties.headers;
      const { messageId, tenantId } = currentRequestContext() ?? {};
      await this.em.execute(
        `INSERT INTO ${TABLE} (consumer, message_id, stream_id, stream_version, tenant_id)
         VALUES (?, ?, ?, ?, ?)`,
        [
          name,
          messageId,
          headerValue(headers, EVENT_HEADERS.streamId),
          Number(headerValue(headers, EVENT_HEADERS.streamVersion)),
          tenantId ?? null,
        ],
      );
    }
  }

  @Module({
    imports: [
      testMikroOrmModule({ pool: { min: 0, max: 8 } }),
      InboxModule.forRoot({ store: 'postgres', retry: { initialDelayMs: 5, maxDelayMs: 50 } }),
    ],
    controllers: [CreditsController],
  })
  class ConsumerModule {}
  return ConsumerModule;
}
