/** The projection benchmark's printed tables. */
import { formatOps, printTable } from '../measure.js';
import type { AppendedLog } from './bench-log.js';
import type { CatchUpFigures, CatchUpProfile } from './catch-up.js';
import type { MillionRebuild } from './million-rebuild.js';
import type { MongoCatchUp } from './mongo-catch-up.js';
import type { RebuildResult } from './projection-rebuild.js';

const TARGET_EVENTS_PER_SECOND = 20_000;
const TARGET_RATIO = 0.5;
const TARGET_PEAK_RSS_MB = 512;

/** One profiled catch-up. */
export interface ProfileRow {
  readonly batchSize: number;
  readonly processor: 'raw' | 'direct' | 'projection';
  readonly profile: CatchUpProfile;
}

/** Everything the benchmark measured. */
export interface ProjectionFigures {
  readonly batchSize: number;
  readonly rounds: number;
  readonly log: AppendedLog;
  readonly pg: CatchUpFigures;
  /** The PostgreSQL catch-up with 2 partitions. */
  readonly pgPartitioned: CatchUpFigures;
  readonly mongo: MongoCatchUp;
  readonly rebuild: RebuildResult;
  readonly million: MillionRebuild;
  readonly profiles: readonly ProfileRow[];
}

const SIDES = {
  raw: 'raw baseline',
  direct: 'hand-written processor',
  projection: '@Projection',
} as const;

const percent = (share: number) => `${Math.max(0, share * 100).toFixed(0)}%`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const verdict = (met: boolean) => (met ? 'ok' : 'MISSED');
const rate = ({ events, seconds }: { events: number; seconds: number }) =>
  `${formatOps(events / seconds)} (${seconds.toFixed(1)} s)`;

function catchUpRow(label: string, figures: CatchUpFigures, target = '-'): string[] {
  const ratio = `${(figures.projection / figures.raw).toFixed(2)}x`;
  return [label, formatOps(figures.raw), formatOps(figures.projection), ratio, target];
}

/** Prints the benchmark's tables. */
export function printProjectionFigures(figures: ProjectionFigures): void {
  const { log, pg, mongo, million } = figures;
  const big = million.rebuild;
  const events = formatOps(log.events);
  const pgTarget =
    `>= ${formatOps(TARGET_EVENTS_PER_SECOND)} ev/s ` +
    `${verdict(pg.projection >= TARGET_EVENTS_PER_SECOND)}, >= ${TARGET_RATIO}x ` +
    verdict(pg.projection / pg.raw >= TARGET_RATIO);
  console.log(
    `\nProjection catch-up and rebuilds: order summary (upsert on created, read-modify-write on ` +
      `item added), interleaved orders, batch size ${figures.batchSize}; events/s, catch-ups ` +
      `median of ${figures.rounds} rounds.\nLog: ${events} events appended with appendToStreams ` +
      `at ${formatOps(log.appendRate)} ev/s; ${formatOps(million.events)} inserted with ` +
      `INSERT ... SELECT generate_series in ${million.insertSeconds.toFixed(1)} s (VACUUM included)\n`,
  );
  printTable(
    ['scenario', 'raw baseline', 'projection', 'ratio', 'target'],
    [
      catchUpRow(`catch-up of ${events} events, PostgreSQL`, pg, pgTarget),
      catchUpRow(`same, 2 partitions`, figures.pgPartitioned),
      catchUpRow(`catch-up of ${formatOps(mongo.events)} events, ${mongo.label}`, mongo.figures),
      [
        `rebuild() of ${events} events, PostgreSQL, to the switch`,
        '-',
        rate(figures.rebuild),
        '-',
        '-',
      ],
      [
        `rebuild() of ${formatOps(big.events)} events, PostgreSQL (child process)`,
        '-',
        rate(big),
        '-',
        `peak RSS ${mb(big.peakMb)} < ${TARGET_PEAK_RSS_MB} MB ${verdict(big.peakMb < TARGET_PEAK_RSS_MB)}`,
      ],
    ],
  );
  console.log(`\nMemory of the ${formatOps(big.events)}-event rebuild's process\n`);
  printTable(
    [
      '',
      'before the rebuild',
      'at 100,000 events',
      `at ${formatOps(big.events)} (switched)`,
      'peak',
    ],
    [
      ['RSS', mb(big.idleMb), mb(big.atMarkMb), mb(big.atEndMb), mb(big.peakMb)],
      ['live heap after GC', '-', mb(big.heapAtMarkMb), mb(big.heapAtEndMb), '-'],
    ],
  );
  console.log(
    `\nWhere a PostgreSQL catch-up of ${events} events goes (share of wall time, one run each; ` +
      `"rest of batch tx": handlers, buffering, BEGIN/COMMIT)\n`,
  );
  const raw = new Map(
    figures.profiles
      .filter(({ processor }) => processor === 'raw')
      .map(({ batchSize, profile }) => [batchSize, profile.eventsPerSecond]),
  );
  printTable(
    [
      'batch',
      'side',
      'ev/s',
      'vs raw',
      'readAll',
      'head',
      'getMany',
      'write',
      'checkpoint',
      'rest of batch tx',
      'engine, other',
    ],
    figures.profiles.map(({ batchSize, processor, profile: p }) => [
      String(batchSize),
      SIDES[processor],
      formatOps(p.eventsPerSecond),
      `${(p.eventsPerSecond / raw.get(batchSize)!).toFixed(2)}x`,
      ...[p.readAll, p.headPosition, p.getMany, p.writeMany, p.checkpointSave].map(percent),
      ...[p.restInTransaction, p.restOutside].map(percent),
    ]),
  );
}
