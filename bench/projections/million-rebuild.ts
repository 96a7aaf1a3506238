/**
 * The large rebuild: a fresh database filled with `orders` interleaved orders by
 * `INSERT ... SELECT generate_series` (appending a million events through the store would take
 * minutes; the rows are the same), vacuumed like an old log, then rebuilt in a child process
 * (`rebuild-rss.ts`) that reports its RSS.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { migrateProjections } from '@cqrs-ddd/projections';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { openBenchDatabase } from '../event-store/bench-database.js';
import { insertOrders } from './bench-orders.js';

const execFileAsync = promisify(execFile);

/** What the child process printed. */
export interface RebuildRss {
  readonly events: number;
  readonly seconds: number;
  readonly documents: number;
  readonly idleMb: number;
  readonly atMarkMb: number;
  readonly atEndMb: number;
  readonly peakMb: number;
  readonly heapAtMarkMb: number;
  readonly heapAtEndMb: number;
}

/** The large rebuild's figures, and how long filling the log took. */
export interface MillionRebuild {
  readonly events: number;
  readonly insertSeconds: number;
  readonly rebuild: RebuildRss;
}

/**
 * Fills a fresh database with `orders` orders and rebuilds the projection over it in a child
 * process at `batchSize`, noting RSS once `mark` events were handled.
 * @throws when the rebuild did not produce one document per order
 */
export async function rebuildMillion(
  orders: number,
  { batchSize, mark }: { batchSize: number; mark: number },
): Promise<MillionRebuild> {
  const db = await openBenchDatabase();
  try {
    await migrateProjections(db.orm.em as SqlEntityManager);
    const started = performance.now();
    const events = await insertOrders(db.pool, orders);
    await db.pool.query('VACUUM (ANALYZE) cqrs_messages');
    const insertSeconds = (performance.now() - started) / 1000;
    const script = fileURLToPath(new URL('./rebuild-rss.js', import.meta.url));
    const { stdout, stderr } = await execFileAsync(process.execPath, [
      '--expose-gc',
      script,
      db.url,
      String(batchSize),
      String(mark),
    ]);
    if (stderr) process.stderr.write(stderr);
    const rebuild = JSON.parse(stdout.trim().split('\n').at(-1)!) as RebuildRss;
    if (rebuild.documents !== orders || rebuild.events !== events) {
      throw new Error(
        `rebuild of ${events} events: ${rebuild.events} handled, ${rebuild.documents} documents ` +
          `(expected ${orders})`,
      );
    }
    return { events, insertSeconds, rebuild };
  } finally {
    await db.close();
  }
}
