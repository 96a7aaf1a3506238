import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { TestBroker, type TestQueue } from '../rabbitmq/rabbitmq-test-broker.fixture.js';
import { testAmqpUrl } from '../testing/broker-test-urls.js';
import { TcpProxy } from '../testing/tcp-proxy.js';
import {
  EFFECTS_TABLE,
  type InboxProbe,
  startConsumer,
  type TestConsumer,
} from './inbox-rabbitmq.fixture.js';

/** A consumer app of a test with its own queue and dead-letter queue. */
export interface TestBedConsumer extends TestConsumer {
  readonly queue: string;
  readonly dlq: TestQueue;
}

/**
 * Registers the hooks of an inbox integration test file (call it inside the file's top-level
 * `describe`): a MikroORM on the file's database with the effects table, an admin connection
 * to RabbitMQ; consumers, proxies, queues and exchanges are closed and deleted afterwards.
 */
export function useInboxTestBed() {
  let orm: MikroORM | undefined;
  let broker: TestBroker | undefined;
  const running: TestConsumer[] = [];
  const proxies: TcpProxy[] = [];
  beforeAll(async () => {
    orm = await createTestOrm();
    await orm.em.execute(`CREATE TABLE ${EFFECTS_TABLE} (message_id text, note text)`);
    broker = await TestBroker.connect();
  });
  afterEach(async () => {
    for (const consumer of running.splice(0)) await consumer.app.close();
    for (const proxy of proxies.splice(0)) await proxy.stop();
  });
  afterAll(async () => {
    await broker?.cleanup();
    await orm?.close();
  });
  const db = () => orm ?? fail('The test bed opens in beforeAll.');
  const amqp = () => broker ?? fail('The test bed opens in beforeAll.');
  const count = async (sql: string, params: unknown[] = []) =>
    (await db().em.execute<{ n: number }[]>(sql, params))[0]!.n;

  return {
    get orm() {
      return db();
    },
    get broker() {
      return amqp();
    },
    /** Starts a consumer on a fresh queue dead-lettering into a fresh DLQ. */
    async consumer(probe: InboxProbe, url = testAmqpUrl(), prefetchCount?: number) {
      const dlx = await amqp().exchange();
      const dlq = await amqp().queue(dlx);
      const queue = amqp().queueName();
      const started = await startConsumer({ url, queue, dlx, probe, prefetchCount });
      running.push(started);
      return { ...started, queue, dlq } satisfies TestBedConsumer;
    },
    /** A proxy to the test broker, stopped after the test. */
    async proxy(): Promise<TcpProxy> {
      const { hostname, port } = new URL(testAmqpUrl());
      const proxy = await TcpProxy.start({ host: hostname, port: Number(port || 5672) });
      proxies.push(proxy);
      return proxy;
    },
    /** Rows the handlers wrote for `messageId` (one per application). */
    effects: (messageId: string) =>
      count(`SELECT count(*)::int AS n FROM ${EFFECTS_TABLE} WHERE message_id = ?`, [messageId]),
    /** Inbox records of `messageId`. */
    records: (messageId: string) =>
      count(`SELECT count(*)::int AS n FROM inbox_messages WHERE message_id = ?`, [messageId]),
    /** Backends of the database waiting on a lock (an inbox insert behind an uncommitted one). */
    lockWaiters: () =>
      count(`SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`),
    /** Polls `read` (up to 10 s) until `done` accepts its value; returns the last value. */
    until: <T>(read: () => T | Promise<T>, done: (value: T) => boolean) =>
      pollUntil(async () => read(), done, 10_000),
    /**
     * Stops `consumer`, so that deliveries it did not settle go back to its queue, and returns
     * what is left in the queue and how many messages reached the dead-letter queue in all.
     */
    async leftAfterClose(consumer: TestBedConsumer) {
      await consumer.app.close();
      running.splice(running.indexOf(consumer), 1);
      const { messageCount } = await amqp().channel.checkQueue(consumer.queue);
      return { messageCount, deadLettered: (await consumer.dlq.drain()).length };
    },
  };
}

function fail(message: string): never {
  throw new Error(message);
}
