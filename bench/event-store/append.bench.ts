/**
 * Append throughput of `PostgresEventStore` versus raw `pg` inserts of the same rows into a table
 * of the same shape, in the same database and run, for three write shapes:
 *
 * 1. one event per transaction, one writer;
 * 2. one event per transaction, 8 concurrent writers;
 * 3. 100 events per transaction (raw: a 100-row multi-row INSERT; store: one 100-event append).
 *
 * The store does more per transaction than the raw INSERT — per-stream lock and version check,
 * the streams row, the wake-up NOTIFY — so the ratio is the price of those guarantees. An extra
 * row shows the concurrent shape with `notifyMode: 'in-transaction'`: PostgreSQL serialises the
 * commits of notifying transactions, which is why the default notifies after commit.
 */
import type { EventStore } from '@cqrs-ddd/core';
import { PostgresEventStore } from '@cqrs-ddd/event-store';
import { formatOps, measureRounds, printTable, type Variant } from '../measure.js';
import { openBenchDatabase, type BenchDatabase } from './bench-database.js';
import { newEvent, rawInsert } from './bench-events.js';

const STREAMS_PER_WRITER = 100;
const CONCURRENT_WRITERS = 8;
const BATCH = 100;

type Write = (streamId: string, currentVersion: number, count: number) => Promise<void>;

/** `writers` sequential writers, each appending `perCall` events per call to its own streams. */
function writer(name: string, write: Write, writers: number, perCall: number): Variant {
  const versions = new Map<string, number>();
  let next = 0;
  const one = async (stream: string) => {
    const version = versions.get(stream) ?? 0;
    await write(stream, version, perCall);
    versions.set(stream, version + perCall);
  };
  return {
    name,
    runBatch: async (events) => {
      const callsPerWriter = Math.ceil(events / perCall / writers);
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let call = 0; call < callsPerWriter; call++) {
            await one(`${name}-w${w}-s${next++ % STREAMS_PER_WRITER}`);
          }
        }),
      );
    },
  };
}

function rawWrite(db: BenchDatabase): Write {
  return async (streamId, version, count) => {
    await db.pool.query(rawInsert(streamId, version + 1, count));
  };
}

function storeWrite(store: EventStore): Write {
  return async (streamId, version, count) => {
    const events = Array.from({ length: count }, newEvent);
    await store.append(streamId, events, { expectedVersion: version });
  };
}

interface Shape {
  readonly name: string;
  /** `NOTIFY` from inside the appending transaction instead of after commit (the default). */
  readonly notifyInTransaction?: boolean;
  readonly writers: number;
  readonly perCall: number;
  readonly settings: { operations: number; warmup: number; rounds: number };
  readonly target?: number;
}

const SHAPES: readonly Shape[] = [
  {
    name: '1 event / transaction, 1 writer',
    writers: 1,
    perCall: 1,
    settings: { operations: 2_000, warmup: 300, rounds: 9 },
  },
  {
    name: `1 event / transaction, ${CONCURRENT_WRITERS} concurrent writers`,
    writers: CONCURRENT_WRITERS,
    perCall: 1,
    settings: { operations: 4_000, warmup: 800, rounds: 9 },
    target: 0.6,
  },
  {
    name: `1 event / transaction, ${CONCURRENT_WRITERS} writers, notifyMode 'in-transaction'`,
    notifyInTransaction: true,
    writers: CONCURRENT_WRITERS,
    perCall: 1,
    settings: { operations: 4_000, warmup: 800, rounds: 9 },
  },
  {
    name: `${BATCH} events / transaction, 1 writer`,
    writers: 1,
    perCall: BATCH,
    settings: { operations: 20_000, warmup: 2_000, rounds: 9 },
    target: 0.5,
  },
];

/** Runs the append benchmark and prints its table. */
export async function run(): Promise<void> {
  const db = await openBenchDatabase();
  try {
    const rows: string[][] = [];
    const inTransaction = new PostgresEventStore(db.orm.em, { notifyMode: 'in-transaction' });
    for (const [index, shape] of SHAPES.entries()) {
      const eventStore = shape.notifyInTransaction ? inTransaction : db.store;
      const [raw, store] = await measureRounds(
        [
          writer(`raw${index}`, rawWrite(db), shape.writers, shape.perCall),
          writer(`store${index}`, storeWrite(eventStore), shape.writers, shape.perCall),
        ],
        shape.settings,
      );
      const ratio = store.medianOpsPerSecond / raw.medianOpsPerSecond;
      rows.push([
        shape.name,
        formatOps(raw.medianOpsPerSecond),
        formatOps(store.medianOpsPerSecond),
        `${ratio.toFixed(2)}x`,
        shape.target === undefined
          ? '-'
          : `>= ${shape.target}x ${ratio >= shape.target ? 'ok' : 'MISSED'}`,
      ]);
    }
    await inTransaction.close();
    console.log('\nEvent store appends vs raw pg INSERTs (events/s, median of 9 rounds)\n');
    printTable(['write shape', 'raw pg', 'PostgresEventStore', 'ratio', 'target'], rows);
  } finally {
    await db.close();
  }
}
