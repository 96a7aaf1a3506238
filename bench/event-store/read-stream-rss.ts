/**
 * Child process of the read benchmark: measures the peak RSS above the idle process while one
 * stream is read, in a fresh process so earlier benchmarks' heap does not hide the growth.
 * Usage: `node --expose-gc read-stream-rss.js <database url> <stream id> <mode>`, where mode is
 * `store` (readStream), `raw` (one query for the whole stream) or `raw-batched` (queries of 500
 * rows, as readStream does, without the event store); prints
 * one JSON line `{ "events": n, "idleMb": x, "peakAboveIdleMb": y }`.
 */
import { PostgresEventStore } from '@cqrs-ddd/event-store';
import pg from 'pg';
import { openOrm } from './bench-database.js';

const [url, streamId, mode] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const orm = await openOrm(url);
const store = new PostgresEventStore(orm.em);
const client = new pg.Client({ connectionString: url });
await client.connect();
// Warm up both paths on a few rows, so connections, parsers and code are in place before idle.
for await (const event of store.readStream(streamId, { maxCount: 10 })) void event;
await client.query('SELECT data FROM cqrs_messages WHERE stream_id = $1 LIMIT 10', [streamId]);

gc();
gc();
const idle = process.memoryUsage.rss();
let peak = idle;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage.rss());
};
const timer = setInterval(sample, 2);
let events = 0;
if (mode === 'store') {
  for await (const event of store.readStream(streamId)) {
    events += event.streamVersion > 0 ? 1 : 0;
    if (events % 500 === 0) sample();
  }
} else if (mode === 'raw-batched') {
  for (let low = 1; ; low += 500) {
    const { rows } = await client.query(
      `SELECT global_position::text, transaction_id::text, stream_id, stream_type, stream_version,
         event_id::text, type, schema_version, data, metadata, occurred_at, recorded_at
       FROM cqrs_messages WHERE stream_id = $1 AND stream_version BETWEEN $2 AND $3
       ORDER BY stream_version`,
      [streamId, low, low + 499],
    );
    events += rows.length;
    sample();
    if (rows.length < 500) break;
  }
} else {
  const { rows } = await client.query(
    `SELECT global_position::text, transaction_id::text, stream_id, stream_type, stream_version,
       event_id::text, type, schema_version, data, metadata, occurred_at, recorded_at
     FROM cqrs_messages WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
  sample();
  events = rows.length;
}
clearInterval(timer);
sample();
console.log(
  JSON.stringify({ events, idleMb: idle / 2 ** 20, peakAboveIdleMb: (peak - idle) / 2 ** 20 }),
);
await client.end();
await store.close();
await orm.close();
