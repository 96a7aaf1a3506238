import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { compareLogPositions, type StoredEvent } from '@cqrs-ddd/core';
import { eventually } from '../processor/processor-engine.fixture.js';
import type { ProcessorHandle } from '../processor/processor-handle.js';
import type { PoisonEventPolicy } from '../processor/processor.options.js';
import { LedgerDatabase } from './ledger-database.fixture.js';
import { replayLedger } from './ledger-replay.fixture.js';
import { amountOf, DEPOSITED, LedgerProjection, NOTED, TENANT } from './ledger.fixture.mjs';

const PROCESSOR = 'projection:ledger:g1';
const COLLECTION = 'ledger_g1';

/**
 * Poison events on PostgreSQL, with the PostgreSQL parked-event store and the unit of work (so
 * parking an event and moving the checkpoint past it commit together): an event whose handler
 * keeps throwing is parked after `maxAttempts` (2), the rest of the log goes on (or the partition
 * stops, under `park-and-stop`), and once the handler is fixed `retryParked` applies it. Events
 * of a type the projection has no handler for are skipped, never parked.
 */
describe('poison events of a projection on PostgreSQL', () => {
  let db: LedgerDatabase;

  beforeEach(async () => {
    db = await LedgerDatabase.create();
  });

  afterEach(async () => {
    await db?.close();
  });

  /** Appends a deposit the projection rejects while `rejectPoison` is on. */
  async function appendPoison(streamId: string): Promise<StoredEvent> {
    const { events } = await db.writer.append(streamId, [
      {
        type: DEPOSITED,
        version: 1,
        data: { amount: 500, poison: true },
        metadata: { tenantId: TENANT },
      },
    ]);
    return events[0];
  }

  /** Starts the ledger projection, rejecting poison events, under `onPoison`. */
  async function startProjection(onPoison: PoisonEventPolicy) {
    const projection = new LedgerProjection();
    projection.rejectPoison = true;
    const stack = await db.stack('projector');
    await db.runtime(stack, projection, { onPoison }).start();
    return { projection, handle: stack.engine.get(PROCESSOR)! };
  }

  /** Expects `poison` to be the processor's only parked event, and a retry still to fail. */
  async function expectParked(handle: ProcessorHandle, poison: StoredEvent): Promise<void> {
    const parked = await handle.listParked();
    expect(parked.map(({ eventId, type, attempts }) => ({ eventId, type, attempts }))).toEqual([
      { eventId: poison.eventId, type: DEPOSITED, attempts: 2 },
    ]);
    expect(parked[0].error.message).toContain(`event ${poison.eventId} is poison`);
    // Retried before the fix: it fails again and stays parked.
    await expect(handle.retryParked(poison.eventId)).rejects.toThrow('is poison');
    expect(await handle.listParked()).toHaveLength(1);
  }

  it('park-and-continue: the poison event is parked, the rest applied, the retry after a fix completes the model', async () => {
    await db.appendWorkload(0, 40);
    const poison = await appendPoison('acct-poison');
    await db.appendWorkload(40, 40);
    const log = await db.log();
    expect(log.filter((event) => event.type === NOTED).length).toBeGreaterThanOrEqual(5);
    const { projection, handle } = await startProjection('park-and-continue');

    await eventually(() => db.caughtUp(PROCESSOR), 20_000, 'the projection to reach the head');
    await expectParked(handle, poison);
    // Everything else is applied; events without a handler were skipped, not parked.
    const withoutPoison = log.filter((event) => event.eventId !== poison.eventId);
    expect(await db.documents(COLLECTION)).toEqual(await replayLedger(withoutPoison));
    expect((await handle.status()).partitions[0]).toMatchObject({
      state: 'running',
      eventsBehind: 0,
    });

    projection.rejectPoison = false;
    await handle.retryParked(poison.eventId);
    expect(await handle.listParked()).toEqual([]);
    expect(await db.documents(COLLECTION)).toEqual(await replayLedger(log));
    expect((await db.documents(COLLECTION)).find((doc) => doc.id === 'acct-poison')).toEqual({
      id: 'acct-poison',
      balance: 500,
      operations: 1,
    });
  }, 45_000);

  it('park-and-continue: later events of the poisoned stream are held behind it, and the retry applies them in order', async () => {
    await db.appendWorkload(0, 30);
    const poison = await appendPoison('acct-3');
    await db.appendWorkload(30, 40);
    const log = await db.log();
    // Handled events of the poisoned stream after the poison event.
    const held = log.filter(
      (event) =>
        event.streamId === 'acct-3' &&
        amountOf(event) !== 0 &&
        compareLogPositions(event.position, poison.position) > 0,
    );
    expect(held.length).toBeGreaterThan(1);
    const { projection, handle } = await startProjection('park-and-continue');

    await eventually(() => db.caughtUp(PROCESSOR), 20_000, 'the projection to reach the head');
    const parked = await handle.listParked();
    expect(parked.map(({ eventId, attempts }) => ({ eventId, attempts }))).toEqual([
      { eventId: poison.eventId, attempts: 2 },
      ...held.map(({ eventId }) => ({ eventId, attempts: 0 })),
    ]);
    // The other streams went on; the poisoned one stopped before its poison event.
    const applied = log.filter(
      (event) => event.eventId !== poison.eventId && !held.includes(event),
    );
    expect(await db.documents(COLLECTION)).toEqual(await replayLedger(applied));

    projection.rejectPoison = false;
    await handle.retryParked(poison.eventId);
    expect(await handle.listParked()).toEqual([]);
    expect(await db.documents(COLLECTION)).toEqual(await replayLedger(log));
  }, 45_000);

  it('park-and-stop: the partition stops at the poison event until its retry, then completes the model', async () => {
    await db.appendWorkload(0, 30);
    // A stream with events after the poison one: order matters for its running balance.
    const poison = await appendPoison('acct-3');
    await db.appendWorkload(30, 30);
    const log = await db.log();
    const afterPoison = (event: StoredEvent) =>
      event.streamId === 'acct-3' && compareLogPositions(event.position, poison.position) > 0;
    expect(log.filter(afterPoison).length).toBeGreaterThan(0);
    const { projection, handle } = await startProjection('park-and-stop');

    await eventually(
      async () => (await handle.status()).partitions[0].state === 'stopped',
      20_000,
      'the partition to stop',
    );
    await expectParked(handle, poison);
    // The checkpoint moved past the parked event (in the same transaction) and no further.
    expect(await db.checkpoint(PROCESSOR)).toEqual(poison.position);
    const upToPoison = log.filter(
      (event) => compareLogPositions(event.position, poison.position) < 0,
    );
    expect(await db.documents(COLLECTION)).toEqual(await replayLedger(upToPoison));

    projection.rejectPoison = false;
    await handle.retryParked(poison.eventId);
    expect(await handle.listParked()).toEqual([]);
    await eventually(() => db.caughtUp(PROCESSOR), 20_000, 'the projection to resume');
    expect(await db.documents(COLLECTION)).toEqual(await replayLedger(log));
  }, 45_000);
});
