/**
 * Child process of the projection benchmark: rebuilds the order summary over the whole log of
 * the database at `url` (see `projection-rebuild.ts`) in a fresh process, sampling its RSS, so
 * that the parent's heap does not hide or inflate the figure.
 * Usage: `node --expose-gc rebuild-rss.js <database url> <batch size> <mark>`; prints one JSON
 * line `{ events, seconds, documents, idleMb, atMarkMb, atEndMb, peakMb, heapAtMarkMb,
 * heapAtEndMb }`: RSS before the rebuild (after GC), once `mark` events were handled, after the
 * switch, and the peak; and the live heap (after a forced GC) at the mark and after the switch,
 * which stays flat when memory does not grow with the log.
 */
import { PostgresEventStore } from '@cqrs-ddd/event-store';
import { openOrm } from '../event-store/bench-database.js';
import { timeRebuild } from './projection-rebuild.js';

const [url, batchSizeText, markText] = process.argv.slice(2);
const mark = Number(markText);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const mb = (bytes: number) => bytes / 2 ** 20;
/** Live heap after a full GC. */
const liveHeap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const orm = await openOrm(url!);
const eventStore = new PostgresEventStore(orm.em);
const head = await eventStore.headPosition();
if (!head) throw new Error('the log is empty');

liveHeap();
const idle = process.memoryUsage.rss();
let peak = idle;
let atMark: { rss: number; heap: number } | undefined;
const sample = () => {
  const rss = process.memoryUsage.rss();
  peak = Math.max(peak, rss);
  return rss;
};
const timer = setInterval(sample, 2);
const result = await timeRebuild(orm, eventStore, {
  batchSize: Number(batchSizeText),
  head,
  onProgress: (events) => {
    const rss = sample();
    if (atMark === undefined && events >= mark) atMark = { rss, heap: liveHeap() };
  },
});
const atEnd = sample();
clearInterval(timer);
console.log(
  JSON.stringify({
    ...result,
    idleMb: mb(idle),
    atMarkMb: mb(atMark?.rss ?? atEnd),
    atEndMb: mb(atEnd),
    peakMb: mb(peak),
    heapAtMarkMb: mb(atMark?.heap ?? 0),
    heapAtEndMb: mb(liveHeap()),
  }),
);
await eventStore.close();
await orm.close();
