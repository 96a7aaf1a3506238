/**
 * The log a catch-up benchmark replays, with what checking and the baselines need: its head,
 * its size and every document pre-computed. Also the check that a projection's result is right.
 */
import { isDeepStrictEqual } from 'node:util';
import type { EventStore, LogPosition } from '@cqrs-ddd/core';
import { type BatchableReadModelStore, migrateProjections } from '@cqrs-ddd/projections';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { BenchDatabase } from '../event-store/bench-database.js';
import { appendOrders, EVENTS_PER_ORDER, orderStreamId, TENANT_ID } from './bench-orders.js';
import type { OrderSummary } from './order-summary.projection.js';
import { type PrecomputedSummaries, precomputeSummaries } from './raw-baseline.js';

/** A filled log. */
export interface BenchLog {
  readonly eventStore: EventStore;
  readonly orders: number;
  readonly events: number;
  readonly head: LogPosition;
  readonly summaries: PrecomputedSummaries;
}

/** A log filled through the event store, and the append rate. */
export interface AppendedLog extends BenchLog {
  /** Events/s of the `appendToStreams` calls that filled it. */
  readonly appendRate: number;
}

/**
 * Creates the projections tables in the fresh `db`, appends `orders` orders through its event
 * store (`appendOrders`), vacuums the log like an old one and describes it.
 */
export async function appendLog(db: BenchDatabase, orders: number): Promise<AppendedLog> {
  await migrateProjections(db.orm.em as SqlEntityManager);
  const started = performance.now();
  const events = await appendOrders(db.store, orders);
  const appendRate = events / ((performance.now() - started) / 1000);
  await db.pool.query('VACUUM (ANALYZE) cqrs_messages');
  return { ...(await describeLog(db.store, orders)), appendRate };
}

/** Describes the log of `orders` orders already in `eventStore` (folds it once, untimed). */
export async function describeLog(eventStore: EventStore, orders: number): Promise<BenchLog> {
  const head = await eventStore.headPosition();
  if (!head) throw new Error('the log is empty');
  const summaries = await precomputeSummaries(eventStore);
  return { eventStore, orders, events: orders * EVENTS_PER_ORDER, head, summaries };
}

/**
 * Checks that `collection` holds one document per order and that the first and last orders'
 * are the pre-computed final summaries.
 * @throws Error describing the first difference
 */
export async function verifyProjection(
  log: BenchLog,
  readModels: BatchableReadModelStore,
  collection: string,
): Promise<void> {
  const documents = readModels.collection<OrderSummary>(collection, { tenantId: TENANT_ID });
  const count = await documents.count();
  if (count !== log.orders) {
    throw new Error(`${collection}: ${count} documents, expected ${log.orders}`);
  }
  for (const order of [1, log.orders]) {
    const id = orderStreamId(order);
    const actual = await documents.get(id);
    const expected = log.summaries.get(`${id}#${EVENTS_PER_ORDER}`);
    if (!isDeepStrictEqual(actual, expected)) {
      throw new Error(
        `${collection}: document ${id} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
      );
    }
  }
}
