// Processors of the reliability tests, shared by the jest tests (where `@cqrs-ddd/*` maps to the
// libs' sources) and the child processes (where it resolves to the built `dist`). Plain
// JavaScript, so that `node` runs it as is: decorators are applied by hand.
import { setTimeout as sleep } from 'node:timers/promises';
import { MikroOrmUnitOfWork, PostgresEventStore } from '@cqrs-ddd/event-store';
import {
  On,
  PostgresCheckpointStore,
  PostgresLockStrategy,
  PostgresParkedEventStore,
  PostgresProjectionStateStore,
  PostgresReadModelStore,
  ProcessorEngine,
  Projection,
} from '@cqrs-ddd/projections';

export const DEPOSITED = 'ledger.deposited';
export const WITHDRAWN = 'ledger.withdrawn';
/** A type no processor of the tests handles (the SQL ledger still records it, amount 0). */
export const NOTED = 'ledger.noted';
export const TENANT = 't1';
export const LEDGER_SQL = 'ledger-sql';
export const LEDGER_PROJECTION = 'ledger-projection';
export const LEDGER_COLLECTION = 'ledger_docs';

/** Run options of every processor of the tests: small batches, short leases, fast retries. */
export const RUN_OPTIONS = {
  batchSize: 20,
  leaseTtlMs: 800,
  leaseRetryMs: 50,
  idlePollMs: 250,
  retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 50 },
};

/** Signed amount of an event of the workload (0 for a type that moves no money). */
export function amountOf(event) {
  if (event.type === DEPOSITED) return event.data.amount;
  if (event.type === WITHDRAWN) return -event.data.amount;
  return 0;
}

/**
 * Running balance and operation count per account (read-modify-write: applying an event twice
 * would show). Events whose `data.poison` is set throw while `rejectPoison` is on.
 */
export class LedgerProjection {
  constructor({ delayMs = 0, onEvent } = {}) {
    this.delayMs = delayMs;
    this.onEvent = onEvent;
    this.rejectPoison = false;
  }

  deposited(event, context) {
    return this.apply(event, context);
  }

  withdrawn(event, context) {
    return this.apply(event, context);
  }

  async apply(event, { collection, at }) {
    this.onEvent?.(event);
    if (this.delayMs > 0) await sleep(this.delayMs);
    if (this.rejectPoison && event.data.poison) {
      throw new Error(`event ${event.eventId} is poison`);
    }
    const account = await collection.get(event.streamId);
    await collection.upsert(
      {
        id: event.streamId,
        balance: (account?.balance ?? 0) + amountOf(event),
        operations: (account?.operations ?? 0) + 1,
      },
      at,
    );
  }
}
Projection({ name: 'ledger', version: 1 })(LedgerProjection);
for (const [type, method] of [
  [DEPOSITED, 'deposited'],
  [WITHDRAWN, 'withdrawn'],
]) {
  const descriptor = Object.getOwnPropertyDescriptor(LedgerProjection.prototype, method);
  On(type)(LedgerProjection.prototype, method, descriptor);
}

/** Quoted name of the SQL ledger's table in the projections schema. */
export function ledgerTable(schema) {
  return `"${schema}"."ledger_effects"`;
}

/** DDL of the SQL ledger: no key, so an event recorded twice shows as two rows. */
export function ledgerTableDdl(schema) {
  return `CREATE TABLE ${ledgerTable(schema)} (
    event_id text NOT NULL,
    stream_id text NOT NULL,
    amount integer NOT NULL,
    handled_by text NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT clock_timestamp()
  )`;
}

/**
 * A processor with a plainly non-idempotent effect: one ledger row per event it handles,
 * written in the processor's transaction (the unit of work), so only atomicity with the
 * checkpoint keeps it exactly-once. Reads every event type.
 */
export class LedgerSqlProcessor {
  constructor({ em, schema, handledBy, delayMs = 0, onEvent }) {
    this.name = LEDGER_SQL;
    this.em = em;
    this.table = ledgerTable(schema);
    this.handledBy = handledBy;
    this.delayMs = delayMs;
    this.onEvent = onEvent;
  }

  async handleBatch(events) {
    for (const event of events) {
      this.onEvent?.(event);
      if (this.delayMs > 0) await sleep(this.delayMs);
      await this.em.execute(
        `INSERT INTO ${this.table} (event_id, stream_id, amount, handled_by) VALUES (?, ?, ?, ?)`,
        [event.eventId, event.streamId, amountOf(event), this.handledBy],
      );
    }
  }
}

/**
 * Every store of one instance on MikroORM `em` (its own connection pool when it has its own
 * MikroORM), and a processor engine on them.
 */
export function createLedgerStack(em, { eventStoreSchema, projectionsSchema, instanceId, logger }) {
  const schema = { schema: projectionsSchema };
  const eventStore = new PostgresEventStore(em, { schema: eventStoreSchema, pollIntervalMs: 200 });
  const checkpoints = new PostgresCheckpointStore(em, schema);
  const locks = new PostgresLockStrategy(em, schema);
  const parked = new PostgresParkedEventStore(em, schema);
  return {
    em,
    eventStore,
    checkpoints,
    locks,
    parked,
    stateStore: new PostgresProjectionStateStore(em, schema),
    readModels: new PostgresReadModelStore(em, schema),
    unitOfWork: new MikroOrmUnitOfWork(em),
    engine: new ProcessorEngine({ eventStore, checkpoints, locks, parked, instanceId, logger }),
  };
}
