import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compareLogPositions, runInContext, type StoredEvent } from '@cqrs-ddd/core';
import { eventually } from '../processor/processor-engine.fixture.js';
import { ReadModelRepository } from '../read-model/read-model.repository.js';
import { LedgerDatabase } from './ledger-database.fixture.js';
import { replayLedger } from './ledger-replay.fixture.js';
import { type Account, amountOf, LedgerProjection, TENANT } from './ledger.fixture.mjs';

const BATCH_SIZE = 50;

/**
 * A zero-downtime rebuild on PostgreSQL while appends keep coming: queries during the build
 * always read a complete, consistent model (every account the served generation's checkpoint
 * covers, each at a whole prefix of its stream at least that far; what clients see never goes
 * back, but for the one-batch gap at the switch noted below), and after the switch the new
 * generation equals a full replay of the log; the old generation's collection is then dropped.
 */

describe('projection rebuild on PostgreSQL under concurrent writes', () => {
  let db: LedgerDatabase;

  beforeAll(async () => {
    db = await LedgerDatabase.create();
  });

  afterAll(async () => {
    await db?.close();
  });

  /** Problems of `accounts` as the model after `log` events up to `checkpoint` (or more). */
  function violations(
    accounts: readonly Account[],
    log: readonly StoredEvent[],
    checkpoint: StoredEvent['position'] | null,
  ): string[] {
    const streams = new Map<string, StoredEvent[]>();
    for (const event of log) {
      if (amountOf(event) === 0) continue; // not a handled type
      streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
    }
    const byId = new Map(accounts.map((account) => [account.id, account]));
    const problems: string[] = [];
    for (const [id, events] of streams) {
      const covered = events.filter((e) => compareLogPositions(e.position, checkpoint) <= 0);
      if (covered.length === 0) continue;
      const account = byId.get(id);
      const prefix = events.slice(0, account?.operations ?? 0);
      const balance = prefix.reduce((sum, event) => sum + amountOf(event), 0);
      if (!account || account.operations < covered.length || account.balance !== balance) {
        problems.push(`${id}: covers ${covered.length} events, got ${JSON.stringify(account)}`);
      }
    }
    return problems;
  }

  it('serves a complete model during the rebuild and switches to a full replay', async () => {
    const stack = await db.stack('rebuilder');
    // Handlers take a millisecond or so: the build lasts while appends go on.
    const runtime = db.runtime(stack, new LedgerProjection({ delayMs: 1 }), {
      batchSize: BATCH_SIZE,
    });
    const accounts = new ReadModelRepository<Account>(runtime);
    await db.appendWorkload(0, 400);
    await runtime.start();
    await eventually(() => db.caughtUp('projection:ledger:g1'), 20_000, 'the first generation');
    expect(runtime.activeCollection()).toBe('ledger_g1');

    const appender = db.startAppender(400, 2);
    let appended: number;
    let checking = true;
    let queriesDuringBuild = 0;
    const problems: string[] = [];
    let servedMost = 0;
    const checker = (async () => {
      while (checking) {
        const { state, active } = await runtime.status();
        const { items } = await runInContext({ tenantId: TENANT }, () => accounts.find());
        // Read last: holds every event the documents can reflect.
        const log = await db.visibleLog();
        // Whichever generation the query read (it may race the switch), it covers at least the
        // served checkpoint read before it: the switch waits for the build to pass it.
        problems.push(...violations(items, log, active!.partitions[0].checkpoint));
        // What a client sees never goes back.
        const served = items.reduce((sum, account) => sum + account.operations, 0);
        if (served < servedMost) problems.push(`served ${served} events after ${servedMost}`);
        servedMost = Math.max(servedMost, served);
        if (state.buildingGeneration !== undefined) queriesDuringBuild += 1;
      }
    })();
    try {
      const started = await runtime.rebuild();
      expect(started.buildingGeneration).toBe(2);
      await eventually(() => runtime.activeCollection() === 'ledger_g2', 20_000, 'the switch');
    } finally {
      appended = await appender.stop();
      checking = false;
      await checker;
    }
    expect(problems).toEqual([]);
    expect(queriesDuringBuild).toBeGreaterThan(3);

    await eventually(() => db.caughtUp('projection:ledger:g2'), 20_000, 'the new generation');
    const log = await db.log();
    expect(log).toHaveLength(appended);
    expect(appended - 400).toBeGreaterThan(50); // written during the rebuild
    expect(await db.documents('ledger_g2')).toEqual(await replayLedger(log));
    await eventually(
      async () => (await db.documents('ledger_g1')).length === 0,
      20_000,
      'the old generation to be dropped',
    );
  }, 60_000);
});
