/**
 * Catch-up rounds: the projection on the engine versus its raw baseline on the same log, store
 * and batch size, alternating round by round; and a profiled catch-up showing where the
 * projection's time goes.
 */
import type { EventStore } from '@cqrs-ddd/core';
import { median } from '../measure.js';
import { type BenchLog, verifyProjection } from './bench-log.js';
import { CallTimes } from './call-times.js';
import {
  type PostgresProjectionStores,
  projectionEngine,
  type ProjectionTarget,
  timeCatchUp,
} from './projection-engine.js';
import { type RawDocument, timeRawCatchUp } from './raw-baseline.js';

/** Makes processor and collection names unique within the process (checkpoints stay behind). */
let runs = 0;

/** A store to catch up into, and its raw baseline. */
export interface CatchUpContestants {
  /** Short name, part of the processor and collection names. */
  readonly name: string;
  readonly target: ProjectionTarget;
  /** Leases and parked events of the engine. */
  readonly coordination: Pick<PostgresProjectionStores, 'locks' | 'parked'>;
  /** Empties the baseline's storage before a round. */
  readonly resetRaw: () => Promise<void>;
  /** The baseline's write of one batch. */
  readonly rawWrite: (documents: RawDocument[]) => Promise<void>;
}

/** Median events/s of both sides. */
export interface CatchUpFigures {
  readonly raw: number;
  readonly projection: number;
}

/**
 * `rounds` rounds of raw baseline then projection (each projection run into a new collection,
 * checked, then dropped); medians of events/s.
 */
export async function measureCatchUp(
  log: BenchLog,
  contestants: CatchUpContestants,
  { batchSize, partitions = 1, rounds }: { batchSize: number; partitions?: number; rounds: number },
): Promise<CatchUpFigures> {
  const raw: number[] = [];
  const projection: number[] = [];
  const engine = projectionEngine(log.eventStore, contestants.target, contestants.coordination);
  for (let round = 0; round < rounds; round++) {
    await contestants.resetRaw();
    const rawSeconds = await timeRawCatchUp(
      log.eventStore,
      batchSize,
      log.summaries,
      contestants.rawWrite,
    );
    raw.push(log.events / rawSeconds);
    const name = `${contestants.name}_b${batchSize}_p${partitions}_r${round}_${++runs}`;
    const seconds = await timeCatchUp(engine, contestants.target, {
      name,
      batchSize,
      partitions,
      head: log.head,
    });
    projection.push(log.events / seconds);
    await verifyProjection(log, contestants.target.readModels, name);
    await contestants.target.readModels.dropCollection(name);
  }
  return { raw: median(raw), projection: median(projection) };
}

/** Share of a catch-up's wall time spent in each part (fractions of 1). */
export interface CatchUpProfile {
  readonly eventsPerSecond: number;
  readonly readAll: number;
  readonly headPosition: number;
  readonly getMany: number;
  /** `writeMany` (the raw baseline: its write). */
  readonly writeMany: number;
  readonly checkpointSave: number;
  /** In the batch transaction, outside the calls above: handlers, buffer, BEGIN/COMMIT. */
  readonly restInTransaction: number;
  /** Outside the transaction and the log reads: the engine's own work. */
  readonly restOutside: number;
}

/**
 * One catch-up with every store call timed (see {@link CatchUpProfile}), of `processor` on the
 * engine — for a target with a unit of work, which separates the batch's time from the
 * engine's — or of the raw baseline.
 */
export async function profileCatchUp(
  log: BenchLog,
  contestants: CatchUpContestants,
  { batchSize, processor }: { batchSize: number; processor: 'projection' | 'direct' | 'raw' },
): Promise<CatchUpProfile> {
  const times = new CallTimes();
  const eventStore: EventStore = times.wrap(log.eventStore, 'log', ['readAll', 'headPosition']);
  const part = (key: string, seconds: number) => times.ms(key) / (seconds * 1000);
  if (processor === 'raw') {
    await contestants.resetRaw();
    const write = times.wrap({ write: contestants.rawWrite }, 'raw', ['write']);
    const seconds = await timeRawCatchUp(eventStore, batchSize, log.summaries, write.write);
    const nothing = { headPosition: 0, getMany: 0, checkpointSave: 0, restInTransaction: 0 };
    return {
      ...nothing,
      eventsPerSecond: log.events / seconds,
      readAll: part('log.readAll', seconds),
      writeMany: part('raw.write', seconds),
      restOutside: 1 - part('log.readAll', seconds) - part('raw.write', seconds),
    };
  }
  const { readModels, checkpoints, unitOfWork } = contestants.target;
  if (!unitOfWork) throw new Error(`${contestants.name}: profiling needs a unit of work`);
  const target: ProjectionTarget = {
    readModels: times.wrap(readModels, 'docs', ['getMany', 'writeMany']),
    checkpoints: times.wrap(checkpoints, 'checkpoints', ['save']),
    unitOfWork: times.wrap(unitOfWork, 'unit', ['run']),
  };
  const engine = projectionEngine(eventStore, target, contestants.coordination);
  const name = `${contestants.name}_${processor}_b${batchSize}_${++runs}`;
  const seconds = await timeCatchUp(engine, target, {
    name,
    batchSize,
    head: log.head,
    processor,
  });
  await verifyProjection(log, readModels, name);
  await readModels.dropCollection(name);
  const inBatch = ['docs.getMany', 'docs.writeMany', 'checkpoints.save'];
  const sum = (keys: string[]) => keys.reduce((total, key) => total + part(key, seconds), 0);
  return {
    eventsPerSecond: log.events / seconds,
    readAll: part('log.readAll', seconds),
    headPosition: part('log.headPosition', seconds),
    getMany: part('docs.getMany', seconds),
    writeMany: part('docs.writeMany', seconds),
    checkpointSave: part('checkpoints.save', seconds),
    restInTransaction: part('unit.run', seconds) - sum(inBatch),
    restOutside: 1 - part('unit.run', seconds) - sum(['log.readAll', 'log.headPosition']),
  };
}
