import { afterAll, beforeAll } from '@jest/globals';
import type { ProcessorRunOptions } from '@cqrs-ddd/projections';
import { ensureLibsBuilt } from '../../../../.ci/jest/libs-build.js';
import { TestBroker, type TestQueue } from '../rabbitmq/rabbitmq-test-broker.fixture.js';
import type { RabbitMqPublisherOptions } from '../rabbitmq/rabbitmq-publisher.options.js';
import { RabbitMqPublisher } from '../rabbitmq/rabbitmq.publisher.js';
import type { OutboxPublisherDefinition } from '../relay/outbox-publisher.definition.js';
import { testAmqpUrl } from '../testing/broker-test-urls.js';
import { EffectsConsumer } from './effects-consumer.fixture.js';
import { type OutboxApp, type OutboxAppOptions, startOutboxApp } from './outbox-app.fixture.js';
import { RELAY_CHILD_PROJECTS, RELAY_RUN_OPTIONS, RelayChild } from './relay-child.fixture.js';
import { RelayDatabase } from './relay-database.fixture.js';
import { CREDITED } from './relay-workload.fixture.js';

/** An exchange of the test broker and a queue receiving everything published to it. */
export interface Destination {
  readonly exchange: string;
  /** Bound with `#`: every message, every copy, in the order the broker routed them. */
  readonly audit: TestQueue;
}

/**
 * Registers the hooks of an outbox reliability test file (call it inside the file's top-level
 * `describe`): the {@link RelayDatabase} and (unless `rabbitmq` is off) an admin connection to
 * RabbitMQ in `beforeAll`, and the built libraries when `children` (processes) run; afterwards
 * every child process is killed, every app and consumer closed, and the exchanges, queues and
 * schemas deleted.
 */
export function useRelayTestBed({ children = false, rabbitmq = true } = {}) {
  let db: RelayDatabase | undefined;
  let broker: TestBroker | undefined;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    if (children) await ensureLibsBuilt(RELAY_CHILD_PROJECTS);
    db = await RelayDatabase.create();
    if (rabbitmq) broker = await TestBroker.connect();
  }, 180_000);
  afterAll(async () => {
    await RelayChild.killAll();
    for (const close of closers.splice(0).reverse()) await close();
    await broker?.cleanup();
    await db?.close();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The test bed opens in beforeAll.');
    return value;
  };

  return {
    get db(): RelayDatabase {
      return opened(db);
    },
    get broker(): TestBroker {
      return opened(broker);
    },
    /** A fresh exchange with its audit queue. */
    async destination(): Promise<Destination> {
      const exchange = await opened(broker).exchange();
      return { exchange, audit: await opened(broker).queue(exchange) };
    },
    /**
     * A publisher of the {@link CREDITED} events to `exchange` through a `RabbitMqPublisher`
     * (`transport` options over the test broker's URL), with the tests' run options.
     */
    rabbitPublisher(
      name: string,
      exchange: string,
      options: { transport?: Partial<RabbitMqPublisherOptions>; run?: ProcessorRunOptions } = {},
    ): OutboxPublisherDefinition {
      return {
        name,
        select: { types: [CREDITED] },
        transport: new RabbitMqPublisher({ url: testAmqpUrl(), exchange, ...options.transport }),
        run: { ...RELAY_RUN_OPTIONS, ...options.run },
      };
    },
    /** An app instance with the outbox on the test schemas, closed after the file. */
    async app(
      publishers: readonly OutboxPublisherDefinition[],
      options?: OutboxAppOptions,
    ): Promise<OutboxApp> {
      const app = await startOutboxApp(opened(db).schemas, publishers, options);
      closers.push(() => app.close());
      return app;
    },
    /** A consumer of `exchange` through the inbox, closed after the file. */
    async consumer(exchange: string, options?: { prefetchCount?: number }) {
      const consumer = await EffectsConsumer.start(
        opened(db).orm,
        opened(broker),
        exchange,
        options,
      );
      closers.push(() => consumer.close());
      return consumer;
    },
  };
}
