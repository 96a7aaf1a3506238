import { expect } from '@jest/globals';
import { compareLogPositions, type LogPosition, type StoredEvent } from '@cqrs-ddd/core';
import { IsolationLevel } from '@mikro-orm/postgresql';
import { partitionOfStream } from '../processor/stream-partition.js';
import type { LedgerDatabase, LedgerRow } from './ledger-database.fixture.js';
import {
  type Account,
  LEDGER_COLLECTION,
  LEDGER_PROJECTION,
  LEDGER_SQL,
} from './ledger.fixture.mjs';
import { replayLedger } from './ledger-replay.fixture.js';

/** Where a processor's effects are checked: its name and number of partitions. */
export interface CheckedProcessor {
  readonly name: string;
  readonly partitions?: number;
}

/** What the committed state of the database holds, read in one snapshot. */
interface Snapshot {
  readonly log: StoredEvent[];
  readonly ledger: LedgerRow[];
  readonly documents: Account[];
  readonly checkpoints: Map<string, (LogPosition | null)[]>;
}

/**
 * Checks, in one snapshot of the database, that each processor's committed effects are exactly
 * those of the events its checkpoints cover — nothing lost, nothing twice: the SQL ledger holds
 * one row per covered event, the projection's documents equal a from-scratch replay of the
 * covered events. Pass `null` to leave a processor out. Resolves to the covered events by
 * processor name.
 */
export async function expectConsistent(
  db: LedgerDatabase,
  sql: CheckedProcessor | null = { name: LEDGER_SQL },
  projection: CheckedProcessor | null = { name: LEDGER_PROJECTION },
  collection = LEDGER_COLLECTION,
): Promise<Map<string, StoredEvent[]>> {
  const checked = [sql, projection].filter((p): p is CheckedProcessor => p !== null);
  const snapshot = await snapshotOf(db, checked, collection);
  const covered = new Map(
    checked.map((processor) => [processor.name, coveredEvents(snapshot, processor)]),
  );
  if (sql) {
    const ids = (events: readonly { eventId: string }[]) =>
      events.map((event) => event.eventId).sort();
    expect(ids(snapshot.ledger)).toEqual(ids(covered.get(sql.name)!));
  }
  if (projection) {
    expect(snapshot.documents).toEqual(await replayLedger(covered.get(projection.name)!));
  }
  return covered;
}

/** Log, ledger, documents and checkpoints in one REPEATABLE READ transaction. */
function snapshotOf(
  db: LedgerDatabase,
  processors: readonly CheckedProcessor[],
  collection: string,
): Promise<Snapshot> {
  return db.orm.em.transactional(
    async () => {
      const checkpoints = new Map<string, (LogPosition | null)[]>();
      for (const { name, partitions = 1 } of processors) {
        const positions: (LogPosition | null)[] = [];
        for (let partition = 0; partition < partitions; partition++) {
          positions.push(await db.checkpoint(name, partition));
        }
        checkpoints.set(name, positions);
      }
      return {
        // Every event a checkpoint covers is readable: gap-safe visibility only grows.
        log: await db.visibleLog(),
        ledger: await db.ledger(),
        documents: await db.documents(collection),
        checkpoints,
      };
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ },
  );
}

/** Events of the snapshot's log at or before the checkpoint of their partition. */
function coveredEvents(snapshot: Snapshot, { name, partitions = 1 }: CheckedProcessor) {
  const checkpoints = snapshot.checkpoints.get(name)!;
  return snapshot.log.filter(
    (event) =>
      compareLogPositions(
        event.position,
        checkpoints[partitionOfStream(event.streamId, partitions)],
      ) <= 0,
  );
}
