import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compareLogPositions, type LogPosition } from '@cqrs-ddd/core';
import { eventually } from '../processor/processor-engine.fixture.js';
import { expectConsistent } from './ledger-consistency.fixture.js';
import { LedgerDatabase } from './ledger-database.fixture.js';
import { LEDGER_PROJECTION, LEDGER_SQL } from './ledger.fixture.mjs';
import { ensureLibsBuilt } from '../../../../.ci/jest/libs-build.js';
import { openWriteTransactions, sessions } from './postgres-sessions.fixture.js';
import { type ChildConfig, ProcessorChild } from './processor-child.fixture.js';

/**
 * Crash safety (DESIGN.md §9): processors running in a child process are killed with SIGKILL at
 * several points — mid-batch with uncommitted writes, mid-batch of the projection, right after a
 * commit, at an arbitrary moment — while appends go on, and a new process resumes each time.
 * After every kill the committed effects are exactly those of the events the checkpoints cover
 * (the SQL ledger: one row per event; the projection: a from-scratch replay of them); at the end
 * they cover the whole log.
 *
 * The children run the built libraries: `beforeAll` runs `tsc -b libs/projections/tsconfig.lib.json`
 * (incremental: about half a second when `dist` is up to date).
 */
describe('processors killed with SIGKILL', () => {
  let db: LedgerDatabase;

  beforeAll(async () => {
    await ensureLibsBuilt(['libs/projections/tsconfig.lib.json']);
    db = await LedgerDatabase.create();
  }, 180_000);

  afterAll(async () => {
    await ProcessorChild.killAll();
    await db?.close();
  });

  const both = [LEDGER_SQL, LEDGER_PROJECTION];

  /** Kills `child`, waits for its sessions to end and checks the committed state. */
  async function killAndCheck(child: ProcessorChild): Promise<(LogPosition | null)[]> {
    await child.kill();
    await eventually(
      async () => (await sessions(db.orm.em, child.config.applicationName)) === 0,
      20_000,
      'the killed process to lose its sessions',
    );
    await expectConsistent(db);
    return [await db.checkpoint(LEDGER_SQL), await db.checkpoint(LEDGER_PROJECTION)];
  }

  function start(instanceId: string, options: Partial<ChildConfig> = {}): ProcessorChild {
    return ProcessorChild.start(
      db.childConfig(instanceId, { processors: both, delayMs: 2, ...options }),
    );
  }

  it('resume in a new process with no loss and no double effect, wherever they were killed', async () => {
    await db.appendWorkload(0, 150);
    const appender = db.startAppender(150, 10);
    const progress: (LogPosition | null)[][] = [];
    try {
      // 1. Mid-batch of the SQL ledger: four rows of its second batch written, not committed.
      let child = start('kill-1', { freezeAt: { processor: LEDGER_SQL, batch: 2, index: 5 } });
      await child.waitFor((m) => m.kind === 'frozen');
      expect(await openWriteTransactions(db.orm.em, 'kill-1')).toBeGreaterThanOrEqual(1);
      progress.push(await killAndCheck(child));

      // 2. Mid-batch of the projection (its documents are written at the end of the batch).
      child = start('kill-2', { freezeAt: { processor: LEDGER_PROJECTION, batch: 3, index: 7 } });
      await child.waitFor((m) => m.kind === 'frozen');
      progress.push(await killAndCheck(child));

      // 3. Right after the SQL ledger's second commit.
      child = start('kill-3', { freezeAfterCommit: { processor: LEDGER_SQL, commits: 2 } });
      await child.waitFor((m) => m.kind === 'frozen');
      progress.push(await killAndCheck(child));

      // 4. From outside, at whatever point it has reached after reporting 30 events.
      child = start('kill-4');
      await child.waitFor((m) => m.kind === 'handling' && m.processor === LEDGER_SQL, { nth: 30 });
      progress.push(await killAndCheck(child));
    } finally {
      await appender.stop();
    }

    // No checkpoint went back, and both moved on across the restarts.
    for (let i = 1; i < progress.length; i++) {
      expect(compareLogPositions(progress[i][0], progress[i - 1][0])).toBeGreaterThanOrEqual(0);
      expect(compareLogPositions(progress[i][1], progress[i - 1][1])).toBeGreaterThanOrEqual(0);
    }
    expect(compareLogPositions(progress.at(-1)![0], progress[0][0])).toBeGreaterThan(0);
    expect(compareLogPositions(progress.at(-1)![1], progress[0][1])).toBeGreaterThan(0);

    // A last process catches up with the whole log.
    const last = start('resumed', { delayMs: 0 });
    await eventually(
      async () => (await db.caughtUp(LEDGER_SQL)) && (await db.caughtUp(LEDGER_PROJECTION)),
      20_000,
      'the last process to catch up',
    );
    const covered = await expectConsistent(db);
    const log = await db.log();
    expect(log.length).toBeGreaterThan(200);
    expect(covered.get(LEDGER_SQL)).toHaveLength(log.length);
    expect(covered.get(LEDGER_PROJECTION)).toHaveLength(log.length);
    // The work really was split between the processes killed along the way.
    const handledBy = new Set((await db.ledger()).map((row) => row.handledBy));
    for (const id of ['kill-1', 'kill-3', 'kill-4', 'resumed']) expect(handledBy).toContain(id);

    last.signal('SIGTERM');
    await last.waitFor((m) => m.kind === 'stopped');
    await expect(last.exited).resolves.toEqual({ code: 0, signal: null });
  }, 60_000);
});
