import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type AppendResult, compareLogPositions, type LogPosition } from '@cqrs-ddd/core';
import { deferred, eventually } from '../processor/processor-engine.fixture.js';
import { expectConsistent } from './ledger-consistency.fixture.js';
import { LedgerDatabase } from './ledger-database.fixture.js';
import { DEPOSITED, LEDGER_PROJECTION, LEDGER_SQL, TENANT } from './ledger.fixture.mjs';

/**
 * Gap-safe reading end to end (DESIGN.md §4 rule 7): write transactions held open while later
 * ones commit — one that appended first, one that took its transaction id first and appends
 * after the later ones (so its events get higher global positions than theirs) — must be
 * neither skipped nor overtaken: while they are open, no processor's checkpoint moves past
 * them, and once they commit the read models hold everything.
 */
describe('gap-safe reading under held write transactions', () => {
  let db: LedgerDatabase;

  beforeEach(async () => {
    db = await LedgerDatabase.create();
  });

  afterEach(async () => {
    await db?.close();
  });

  const deposit = (amount: number) => ({
    type: DEPOSITED,
    version: 1,
    data: { amount },
    metadata: { tenantId: TENANT },
  });
  const checkpoints = async () => [
    await db.checkpoint(LEDGER_SQL),
    await db.checkpoint(LEDGER_PROJECTION),
  ];
  const before = (position: LogPosition) => async () =>
    (await checkpoints()).every((checkpoint) => compareLogPositions(checkpoint, position) < 0);

  it('processes the held transactions once they commit, never moving a checkpoint past them', async () => {
    const stack = await db.stack('reader');
    db.register(stack);
    // Counts the processors' log reads, to know they have looked again.
    let reads = 0;
    const readAll = stack.eventStore.readAll.bind(stack.eventStore);
    stack.eventStore.readAll = async (options) => {
      const events = await readAll(options);
      reads += 1;
      return events;
    };
    await db.appendWorkload(0, 30);
    stack.engine.startAll();
    await eventually(
      async () => (await db.caughtUp(LEDGER_SQL)) && (await db.caughtUp(LEDGER_PROJECTION)),
      20_000,
      'the first events',
    );

    // H1 appends, then stays open.
    const h1Appended = deferred();
    const h1Release = deferred();
    let h1!: AppendResult;
    const h1Done = db.orm.em.transactional(async () => {
      h1 = await db.writer.append('held-1', [deposit(1_000)]);
      h1Appended.resolve();
      await h1Release.promise;
    });
    await h1Appended.promise;
    // H2 takes its transaction id now, and appends only after later transactions committed.
    const h2Started = deferred();
    const laterCommitted = deferred();
    const h2Appended = deferred();
    const h2Release = deferred();
    let h2!: AppendResult;
    const h2Done = db.orm.em.transactional(async (em) => {
      await em.execute('SELECT pg_current_xact_id()');
      h2Started.resolve();
      await laterCommitted.promise;
      h2 = await db.writer.append('held-2', [deposit(2_000)]);
      h2Appended.resolve();
      await h2Release.promise;
    });
    try {
      await h2Started.promise;
      const headBefore = (await db.writer.headPosition())!;
      await db.appendWorkload(30, 20); // later transactions, committed at once
      laterCommitted.resolve();
      await h2Appended.promise;

      // Nothing after the head seen before the later transactions is readable yet.
      expect(await db.writer.readAll({ after: headBefore, limit: 100 })).toEqual([]);

      // The processors keep reading (commit signals, polling), yet stay before H1.
      const seen = reads;
      await eventually(() => reads >= seen + 6, 20_000, 'the processors to read again');
      expect(await before(h1.position!)()).toBe(true);
      let covered = await expectConsistent(db);
      expect(covered.get(LEDGER_SQL)).toHaveLength(30);
      expect(covered.get(LEDGER_PROJECTION)).toHaveLength(30);

      // H1 commits: its event is processed, but nothing past H2 (still open).
      h1Release.resolve();
      await h1Done;
      await eventually(
        async () => compareLogPositions(await db.checkpoint(LEDGER_SQL), h1.position!) >= 0,
        20_000,
        'H1 to be processed',
      );
      const seenAfterH1 = reads;
      await eventually(() => reads >= seenAfterH1 + 4, 20_000, 'the processors to read again');
      expect(await before(h2.position!)()).toBe(true);
      covered = await expectConsistent(db);
      expect(covered.get(LEDGER_SQL)?.map((event) => event.streamId)).toContain('held-1');
      expect(covered.get(LEDGER_SQL)).toHaveLength(31);

      // H2 commits: everything is processed.
      h2Release.resolve();
      await h2Done;
      const log = await db.log();
      expect(log).toHaveLength(52);
      // The gaps were real: H1 has a lower global position than the later events, H2 a higher
      // one, yet both come before them in log order (transaction id first).
      const later = log.filter((event) => (event.data as { seq?: number }).seq! >= 30);
      expect(later).toHaveLength(20);
      for (const event of later) {
        expect(BigInt(h1.position!.globalPosition)).toBeLessThan(
          BigInt(event.position.globalPosition),
        );
        expect(BigInt(h2.position!.globalPosition)).toBeGreaterThan(
          BigInt(event.position.globalPosition),
        );
        expect(compareLogPositions(h2.position, event.position)).toBeLessThan(0);
      }
      await eventually(
        async () => (await db.caughtUp(LEDGER_SQL)) && (await db.caughtUp(LEDGER_PROJECTION)),
        20_000,
        'everything to be processed',
      );
      covered = await expectConsistent(db);
      expect(covered.get(LEDGER_SQL)).toHaveLength(52);
      expect(covered.get(LEDGER_PROJECTION)).toHaveLength(52);
      const documents = await db.documents();
      expect(documents.find((doc) => doc.id === 'held-1')).toMatchObject({ balance: 1_000 });
      expect(documents.find((doc) => doc.id === 'held-2')).toMatchObject({ balance: 2_000 });
    } finally {
      h1Release.resolve();
      laterCommitted.resolve();
      h2Release.resolve();
      await Promise.allSettled([h1Done, h2Done]);
    }
  }, 45_000);
});
