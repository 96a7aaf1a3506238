/**
 * Read paths of `PostgresEventStore` versus raw `pg` queries returning the same columns, in the
 * same database and run:
 *
 * 1. read-back of 5,000 streams x 10 events (8 concurrent readers);
 * 2. loading one aggregate of 10,000 events, without and with a snapshot;
 * 3. the peak RSS above idle of a fresh child process iterating one 100,000-event stream
 *    (`readStream` fetches batches of 500 and drops each row once handed out, so memory stays
 *    flat), next to raw `pg` loading it in one query and in 500-row queries.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EventTypeRegistry, type DomainEvent, type StoredEvent } from '@cqrs-ddd/core';
import { formatOps, measureRounds, printTable, type Variant } from '../measure.js';
import { openBenchDatabase, type BenchDatabase } from './bench-database.js';
import { newEvent } from './bench-events.js';
import { Counter, CounterIncremented } from './counter.aggregate.js';

const STREAMS = 5_000;
const EVENTS_PER_STREAM = 10;
const READERS = 8;
const AGGREGATE_EVENTS = 10_000;
const BIG_STREAM_EVENTS = 100_000;
const SNAPSHOT_TARGET_MS = 5;
const RSS_TARGET_MB = 150;

/** The columns the store selects, so the raw baseline transfers the same row shape. */
const COLUMNS = `global_position::text AS global_position, transaction_id::text AS transaction_id,
  stream_id, stream_type, stream_version, event_id::text AS event_id, type, schema_version, data,
  metadata, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

const registry = new EventTypeRegistry([CounterIncremented]);
const execFileAsync = promisify(execFile);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function seed(db: BenchDatabase): Promise<void> {
  for (let first = 0; first < STREAMS; first += 50) {
    await db.store.appendToStreams(
      Array.from({ length: 50 }, (_, i) => ({
        streamId: `read-${first + i}`,
        events: Array.from({ length: EVENTS_PER_STREAM }, newEvent),
      })),
    );
  }
  const increments = (count: number) =>
    Array.from({ length: count }, () => ({
      type: CounterIncremented.type,
      version: 1,
      data: { by: 1 },
    }));
  for (let done = 0; done < AGGREGATE_EVENTS; done += 1_000) {
    await db.store.append('counter', increments(1_000));
  }
  const counter = await loadCounter(db.store.readStream('counter'));
  const { version, state } = counter.takeSnapshot();
  await db.snapshots.save({
    streamId: 'counter',
    version,
    type: 'Counter',
    schemaVersion: 1,
    state,
    takenAt: new Date().toISOString(),
  });
  for (let done = 0; done < BIG_STREAM_EVENTS; done += 1_000) {
    await db.store.append('big', Array.from({ length: 1_000 }, newEvent));
  }
}

type Rehydratable = Pick<StoredEvent, 'type' | 'version' | 'data'>;

async function loadCounter(
  events: AsyncIterable<Rehydratable> | Iterable<Rehydratable>,
): Promise<Counter> {
  const history: DomainEvent[] = [];
  for await (const event of events) history.push(registry.rehydrate(event));
  return new Counter('counter').loadFromHistory(history);
}

function readBack(db: BenchDatabase): Variant[] {
  const readers = (name: string, read: (streamId: string) => Promise<unknown[]>): Variant => {
    let next = 0;
    return {
      name,
      runBatch: async (streams) => {
        await Promise.all(
          Array.from({ length: READERS }, async (_, r) => {
            for (let i = r; i < streams; i += READERS) {
              const events = await read(`read-${next++ % STREAMS}`);
              if (events.length !== EVENTS_PER_STREAM) throw new Error('short read');
            }
          }),
        );
      },
    };
  };
  return [
    readers(
      'raw',
      async (streamId) =>
        (
          await db.pool.query(
            `SELECT ${COLUMNS} FROM cqrs_messages WHERE stream_id = $1 ORDER BY stream_version`,
            [streamId],
          )
        ).rows,
    ),
    readers('store', (streamId) => collect(db.store.readStream(streamId))),
  ];
}

function aggregateLoads(db: BenchDatabase): { full: Variant[]; snapshot: Variant[] } {
  const loads = (name: string, load: () => Promise<Counter>): Variant => ({
    name,
    runBatch: async (count) => {
      for (let i = 0; i < count; i++) {
        const counter = await load();
        if (counter.version !== AGGREGATE_EVENTS) throw new Error('incomplete load');
      }
    },
  });
  const rawEvents = async (fromVersion: number): Promise<Rehydratable[]> => {
    const { rows } = await db.pool.query<{
      type: string;
      schema_version: number;
      data: Record<string, unknown>;
    }>(
      `SELECT ${COLUMNS} FROM cqrs_messages WHERE stream_id = 'counter' AND stream_version >= $1
       ORDER BY stream_version`,
      [fromVersion],
    );
    return rows.map((row) => ({ type: row.type, version: row.schema_version, data: row.data }));
  };
  return {
    full: [
      loads('raw', async () => loadCounter(await rawEvents(1))),
      loads('store', () => loadCounter(db.store.readStream('counter'))),
    ],
    snapshot: [
      loads('raw', async () => {
        const { rows } = await db.pool.query<{ version: number; state: { total: number } }>(
          "SELECT version, state FROM cqrs_snapshots WHERE stream_id = 'counter'",
        );
        const history = (await rawEvents(rows[0].version + 1)).map((e) =>
          registry.rehydrate<DomainEvent>(e),
        );
        return new Counter('counter').loadFromSnapshot(rows[0], history);
      }),
      loads('store', async () => {
        const snapshot = await db.snapshots.load<{ total: number }>('counter');
        const history: DomainEvent[] = [];
        const after = db.store.readStream('counter', { fromVersion: snapshot!.version + 1 });
        for await (const event of after) history.push(registry.rehydrate(event));
        return new Counter('counter').loadFromSnapshot(snapshot!, history);
      }),
    ],
  };
}

interface RssResult {
  readonly events: number;
  readonly peakAboveIdleMb: number;
}

/** Peak RSS above idle while a fresh child process reads the big stream (`store` or `raw`). */
async function childRss(url: string, mode: 'store' | 'raw' | 'raw-batched'): Promise<RssResult> {
  const script = fileURLToPath(new URL('./read-stream-rss.js', import.meta.url));
  const { stdout } = await execFileAsync(process.execPath, [
    '--expose-gc',
    script,
    url,
    'big',
    mode,
  ]);
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as RssResult;
  if (result.events !== BIG_STREAM_EVENTS) throw new Error(`read ${result.events} events`);
  return result;
}

/** Runs the read benchmark and prints its table. */
export async function run(): Promise<void> {
  const db = await openBenchDatabase();
  try {
    await seed(db);
    const rows: string[][] = [];
    const ratioRow = (
      label: string,
      raw: number,
      store: number,
      unit: (opsPerSecond: number) => string,
      target = '-',
    ) => rows.push([label, unit(raw), unit(store), `${(store / raw).toFixed(2)}x`, target]);
    const eventsPerSecond = (factor: number) => (ops: number) => `${formatOps(ops * factor)} ev/s`;
    const milliseconds = (ops: number) => `${(1_000 / ops).toFixed(2)} ms`;

    const [rawRead, storeRead] = await measureRounds(readBack(db), {
      operations: STREAMS,
      warmup: 1_000,
      rounds: 5,
    });
    ratioRow(
      `read-back ${STREAMS} streams x ${EVENTS_PER_STREAM} (${READERS} readers)`,
      rawRead.medianOpsPerSecond,
      storeRead.medianOpsPerSecond,
      eventsPerSecond(EVENTS_PER_STREAM),
    );

    const { full, snapshot } = aggregateLoads(db);
    const [rawFull, storeFull] = await measureRounds(full, { operations: 5, warmup: 2, rounds: 5 });
    ratioRow(
      `load aggregate, ${AGGREGATE_EVENTS} events, no snapshot`,
      rawFull.medianOpsPerSecond,
      storeFull.medianOpsPerSecond,
      (ops) => `${formatOps(ops * AGGREGATE_EVENTS)} ev/s (${milliseconds(ops)})`,
    );
    const [rawSnap, storeSnap] = await measureRounds(snapshot, {
      operations: 200,
      warmup: 50,
      rounds: 5,
    });
    const snapshotMs = 1_000 / storeSnap.medianOpsPerSecond;
    ratioRow(
      `load aggregate, ${AGGREGATE_EVENTS} events, from snapshot`,
      rawSnap.medianOpsPerSecond,
      storeSnap.medianOpsPerSecond,
      milliseconds,
      `< ${SNAPSHOT_TARGET_MS} ms ${snapshotMs < SNAPSHOT_TARGET_MS ? 'ok' : 'MISSED'}`,
    );

    const storeRss = (await childRss(db.url, 'store')).peakAboveIdleMb;
    const rawRss = (await childRss(db.url, 'raw')).peakAboveIdleMb;
    const rawBatchedRss = (await childRss(db.url, 'raw-batched')).peakAboveIdleMb;
    rows.push([
      `peak RSS above idle, reading a ${formatOps(BIG_STREAM_EVENTS)}-event stream`,
      `${rawRss.toFixed(1)} MB (one query), ${rawBatchedRss.toFixed(1)} MB (500-row queries)`,
      `${storeRss.toFixed(1)} MB (readStream)`,
      '-',
      `< ${RSS_TARGET_MB} MB ${storeRss < RSS_TARGET_MB ? 'ok' : 'MISSED'}`,
    ]);

    console.log('\nEvent store reads vs raw pg queries of the same rows (median of 5 rounds)\n');
    printTable(['read', 'raw pg', 'PostgresEventStore', 'ratio', 'target'], rows);
  } finally {
    await db.close();
  }
}
