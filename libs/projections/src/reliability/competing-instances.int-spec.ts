import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { compareLogPositions } from '@cqrs-ddd/core';
import { eventually } from '../processor/processor-engine.fixture.js';
import { partitionOfStream } from '../processor/stream-partition.js';
import { expectConsistent } from './ledger-consistency.fixture.js';
import { LedgerDatabase } from './ledger-database.fixture.js';
import { LEDGER_PROJECTION, LEDGER_SQL, RUN_OPTIONS } from './ledger.fixture.mjs';
import { ensureLibsBuilt } from '../../../../.ci/jest/libs-build.js';
import { openWriteTransactions } from './postgres-sessions.fixture.js';
import { type ChildMessage, ProcessorChild } from './processor-child.fixture.js';

/**
 * Several instances of the same processors on the same tables (DESIGN.md §1: nothing may assume
 * a single process): every event has exactly one committed effect while partitions move between
 * instances, an instance killed with SIGKILL loses its partitions once its leases expire, and an
 * instance frozen past its lease cannot commit when it wakes up.
 *
 * Some instances run in child processes on the built libraries: `beforeAll` runs
 * `tsc -b libs/projections/tsconfig.lib.json` (incremental: about half a second when `dist` is up
 * to date).
 */
describe('competing processor instances', () => {
  let db: LedgerDatabase;

  beforeAll(() => ensureLibsBuilt(['libs/projections/tsconfig.lib.json']), 180_000);

  beforeEach(async () => {
    db = await LedgerDatabase.create();
  });

  afterEach(async () => {
    await ProcessorChild.killAll();
    await db?.close();
  });

  const committed = (m: ChildMessage) => m.kind === 'committed';
  const handling = (m: ChildMessage) => m.kind === 'handling';
  const rowsBy = async (instanceId: string) =>
    (await db.ledger()).filter((row) => row.handledBy === instanceId).length;

  it('two engines on separate pools at once: one effect per event while the work moves between them', async () => {
    const layout = { sqlPartitions: 3, projectionPartitions: 2 };
    const a = await db.stack('engine-a');
    const b = await db.stack('engine-b');
    db.register(a, layout);
    db.register(b, layout);
    await db.appendWorkload(0, 100);
    a.engine.startAll();
    b.engine.startAll();
    const appender = db.startAppender(100, 5);
    try {
      await eventually(async () => (await db.ledger()).length >= 100, 20_000, 'the first events');
      // A leaves (a graceful stop releases its leases): B takes its partitions over.
      await a.engine.stopAll();
      const byB = await rowsBy('engine-b');
      await eventually(async () => (await rowsBy('engine-b')) >= byB + 60, 20_000, 'B alone');
      // A comes back in standby, then B leaves.
      a.engine.startAll();
      await b.engine.stopAll();
      const byA = await rowsBy('engine-a');
      await eventually(async () => (await rowsBy('engine-a')) >= byA + 60, 20_000, 'A alone');
      b.engine.startAll();
    } finally {
      await appender.stop();
    }
    await eventually(
      async () => (await db.caughtUp(LEDGER_SQL, 3)) && (await db.caughtUp(LEDGER_PROJECTION, 2)),
      20_000,
      'both processors to catch up',
    );

    const covered = await expectConsistent(
      db,
      { name: LEDGER_SQL, partitions: 3 },
      { name: LEDGER_PROJECTION, partitions: 2 },
    );
    const log = await db.log();
    expect(covered.get(LEDGER_SQL)).toHaveLength(log.length);
    expect(covered.get(LEDGER_PROJECTION)).toHaveLength(log.length);
    const handledBy = new Set((await db.ledger()).map((row) => row.handledBy));
    expect(handledBy).toEqual(new Set(['engine-a', 'engine-b']));
  }, 45_000);

  it("takes over a SIGKILLed instance's partitions once their leases expire", async () => {
    const run = { leaseTtlMs: 1_500 };
    // Each wait ends on its condition; the deadline leaves room for a loaded CI machine.
    const timeoutMs = 30_000;
    await db.appendWorkload(0, 60);
    const doomed = ProcessorChild.start(
      db.childConfig('doomed', {
        processors: [LEDGER_SQL],
        partitions: { [LEDGER_SQL]: 2 },
        delayMs: 5,
        run,
      }),
    );
    const appender = db.startAppender(60, 10);
    let leases: Awaited<ReturnType<LedgerDatabase['leases']>>;
    const standby = await db.stack('standby');
    const { sql } = db.register(standby, { sqlPartitions: 2, run });
    try {
      await doomed.waitFor(committed, { nth: 2, timeoutMs });
      standby.engine.startAll();
      // While the child lives and renews its leases, the other instance only waits.
      await doomed.waitFor(committed, { nth: doomed.count(committed) + 3, timeoutMs });
      const waiting = (await sql.status()).partitions.map((p) => [p.state, p.leaseHeld]);
      expect(waiting).toEqual([
        ['standby', false],
        ['standby', false],
      ]);
      expect(await rowsBy('standby')).toBe(0);

      // Killed mid-batch, holding both leases.
      await doomed.waitFor(handling, { nth: doomed.count(handling) + 3, timeoutMs });
      await doomed.kill();
      leases = await db.leases(LEDGER_SQL);
      expect(leases.map((lease) => lease.sessionId?.split('#')[0])).toEqual(['doomed', 'doomed']);
      await eventually(
        async () => (await sql.status()).partitions.every((p) => p.leaseHeld),
        timeoutMs,
        'the takeover',
      );
    } finally {
      await appender.stop();
    }
    // Every partition's checkpoint at the log head (the last committed event).
    await eventually(() => db.caughtUp(LEDGER_SQL, 2), timeoutMs, 'the survivor to catch up');

    const covered = await expectConsistent(db, { name: LEDGER_SQL, partitions: 2 }, null);
    expect(covered.get(LEDGER_SQL)).toHaveLength((await db.log()).length);
    // Each partition was taken only once the dead instance's lease had expired (database clock).
    const rows = await db.ledger();
    for (const partition of [0, 1]) {
      const first = rows.find(
        (row) => row.handledBy === 'standby' && partitionOfStream(row.streamId, 2) === partition,
      );
      expect(first?.handledAt.getTime()).toBeGreaterThanOrEqual(
        leases[partition].expiresAt!.getTime(),
      );
    }
    expect(await rowsBy('doomed')).toBeGreaterThan(0);
  }, 120_000);

  it('an instance frozen past its lease cannot commit its batch when it wakes up', async () => {
    const run = { leaseTtlMs: 600 };
    await db.appendWorkload(0, 80);
    const zombie = ProcessorChild.start(
      db.childConfig('zombie', {
        processors: [LEDGER_SQL],
        delayMs: 10,
        run,
        freezeAt: { processor: LEDGER_SQL, batch: 2, index: 3 },
      }),
    );
    const frozen = await zombie.waitFor((m) => m.kind === 'frozen');
    const batch = await zombie.waitFor((m) => m.kind === 'batch' && m.batch === 2);
    // Stopped (SIGSTOP) inside its second batch's transaction, two rows written.
    expect(await openWriteTransactions(db.orm.em, 'zombie')).toBe(1);

    const successor = await db.stack('successor');
    db.register(successor, { run });
    successor.engine.startAll();
    await eventually(
      async () => compareLogPositions(await db.checkpoint(LEDGER_SQL), batch.last!) >= 0,
      20_000,
      'the successor to commit past the frozen batch',
    );
    expect(await db.checkpointOwner(LEDGER_SQL)).toBe('successor');

    zombie.signal('SIGCONT');
    await zombie.waitFor((m) => m.kind === 'log' && /lease lost/.test(m.message ?? ''));
    await eventually(
      async () => (await openWriteTransactions(db.orm.em, 'zombie')) === 0,
      20_000,
      "the zombie's transaction to end",
    );
    // It committed nothing after waking up: its batch was rolled back.
    expect(zombie.messages.slice(zombie.messages.indexOf(frozen)).filter(committed)).toEqual([]);
    await zombie.kill();

    await eventually(
      async () => (await db.caughtUp(LEDGER_SQL)) && (await db.caughtUp(LEDGER_PROJECTION)),
      20_000,
      'the successor to catch up',
    );
    const covered = await expectConsistent(db);
    expect(covered.get(LEDGER_SQL)).toHaveLength(80);
    expect(await rowsBy('zombie')).toBe(RUN_OPTIONS.batchSize);
    expect(await rowsBy('successor')).toBe(80 - RUN_OPTIONS.batchSize);
  }, 45_000);
});
