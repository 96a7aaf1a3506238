import { describe, expect, it } from '@jest/globals';
import type { LogPosition } from '../../domain/event-envelope.js';
import { logPosition } from '../../domain/log-position.js';
import type {
  Checkpoint,
  CheckpointStore,
  CheckpointUpdate,
} from '../../ports/checkpoint-store.port.js';
import { expectIsoTimestamp, rejectionOf, useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';

/** What `describeCheckpointStoreContract` needs per test: a fresh, empty checkpoint store. */
export type CheckpointStoreContractSubject = ContractSubject<CheckpointStore>;

const P1 = logPosition(100, 1);
const P2 = logPosition(100, 2);
const P3 = logPosition(101, 3);

/**
 * The behaviour every {@link CheckpointStore} adapter must have: compare-and-swap saves that
 * never rewind and never overwrite a racing worker's progress; explicit resets for replays.
 */
export function describeCheckpointStoreContract(
  name: string,
  factory: ContractFactory<CheckpointStoreContractSubject>,
): void {
  describe(`CheckpointStore contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const store = () => subject().adapter;

    it('loads null for a checkpoint never saved', async () => {
      expect(await store().load('projection')).toBeNull();
      expect(await store().load('projection', 3)).toBeNull();
    });

    it('saves a first checkpoint from null and loads it back, in partition 0 by default', async () => {
      const saved = await store().save('projection', { expected: null, next: P1, owner: 'w-1' });
      expect(saved).toMatchObject({
        processorName: 'projection',
        partition: 0,
        position: P1,
        owner: 'w-1',
      });
      expectIsoTimestamp(saved.updatedAt);
      expect(await store().load('projection')).toEqual(saved);
      expect(await store().load('projection', 0)).toEqual(saved);
    });

    it('moves forward from the expected position', async () => {
      await store().save('projection', { expected: null, next: P1 });
      await store().save('projection', { expected: P1, next: P2 });
      const saved = await store().save('projection', { expected: P2, next: P3 });
      expect(saved.position).toEqual(P3);
      expect(saved.owner).toBeUndefined();
      expect((await store().load('projection'))?.position).toEqual(P3);
    });

    it('allows saving the same position again (e.g. a new owner taking over)', async () => {
      await store().save('projection', { expected: null, next: P1, owner: 'w-1' });
      await store().save('projection', { expected: P1, next: P1, owner: 'w-2' });
      expect(await store().load('projection')).toMatchObject({ position: P1, owner: 'w-2' });
    });

    const conflicts: [string, LogPosition | null, LogPosition | null][] = [
      ['an older position than stored', P1, P2],
      ['a newer position than stored', P3, P2],
      ['null while a position is stored', null, P2],
      ['a position while none is stored', P1, null],
    ];
    it.each(conflicts)(
      'rejects expecting %s with CHECKPOINT_CONFLICT',
      async (_, expected, stored) => {
        if (stored) await store().reset('projection', 0, stored);
        const error = await rejectionOf(
          store().save('projection', { expected, next: P3, owner: 'late' }),
        );
        expect(error).toBeInstanceOf(Error);
        expect(error).toMatchObject({
          code: 'CHECKPOINT_CONFLICT',
          processorName: 'projection',
          partition: 0,
          expected,
          actual: stored,
        });
        expect((await store().load('projection'))?.position ?? null).toEqual(stored);
      },
    );

    it('compares positions numerically, beyond 2^53', async () => {
      const stored = { transactionId: '9007199254740993', globalPosition: '10' };
      await store().reset('projection', 0, stored);
      const off = { transactionId: '9007199254740992', globalPosition: '10' };
      await expect(
        store().save('projection', { expected: off, next: logPosition('9007199254740994', 1) }),
      ).rejects.toMatchObject({ code: 'CHECKPOINT_CONFLICT' });
      const next = { transactionId: '10000000000000000000', globalPosition: '9' };
      await expect(store().save('projection', { expected: stored, next })).resolves.toMatchObject({
        position: next,
      });
    });

    it('never moves backwards: next before expected is rejected', async () => {
      const expected = logPosition(10, 10);
      await store().reset('projection', 0, expected);
      for (const next of [logPosition(9, 11), logPosition(10, 9)]) {
        await expect(store().save('projection', { expected, next })).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
        });
      }
      expect((await store().load('projection'))?.position).toEqual(expected);
    });

    it('keeps processors and partitions apart', async () => {
      await store().save('a', { expected: null, next: P1 });
      await store().save('a', { partition: 1, expected: null, next: P2 });
      await store().save('b', { expected: null, next: P3 });
      expect((await store().load('a'))?.position).toEqual(P1);
      expect(await store().load('a', 1)).toMatchObject({ partition: 1, position: P2 });
      expect((await store().load('b'))?.position).toEqual(P3);
      expect(await store().load('a', 2)).toBeNull();
    });

    it('lets exactly one of two owners racing from the same position win', async () => {
      await store().save('projection', { expected: null, next: P1, owner: 'w-0' });
      const outcomes = await Promise.allSettled([
        store().save('projection', { expected: P1, next: P2, owner: 'w-1' }),
        store().save('projection', { expected: P1, next: P3, owner: 'w-2' }),
      ]);
      const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatchObject({
        code: 'CHECKPOINT_CONFLICT',
        expected: P1,
        actual: won[0].position,
      });
      expect(await store().load('projection')).toMatchObject({
        position: won[0].position,
        owner: won[0].owner,
      });
    });

    it('lets exactly one of many racing workers win per round', async () => {
      let position: LogPosition | null = null;
      for (let round = 1; round <= 3; round++) {
        const expected: LogPosition | null = position;
        const outcomes: PromiseSettledResult<Checkpoint>[] = await Promise.allSettled(
          Array.from({ length: 8 }, (_, w) =>
            store().save('projection', { expected, next: logPosition(round, w), owner: `w-${w}` }),
          ),
        );
        const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
        expect(won).toHaveLength(1);
        position = won[0].position;
        expect((await store().load('projection'))?.position).toEqual(position);
      }
    });

    it('resets to the log start, clearing the owner, so the processor replays', async () => {
      await store().save('projection', { expected: null, next: P3, owner: 'w-1' });
      const reset = await store().reset('projection');
      expect(reset).toMatchObject({ processorName: 'projection', partition: 0, position: null });
      expect(reset.owner).toBeUndefined();
      expectIsoTimestamp(reset.updatedAt);
      expect(await store().load('projection')).toEqual(reset);
      await expect(store().save('projection', { expected: null, next: P1 })).resolves.toMatchObject(
        {
          position: P1,
        },
      );
    });

    it('resets to a given position, backwards or forwards, in the given partition', async () => {
      await store().save('projection', { partition: 2, expected: null, next: P3 });
      await store().reset('projection', 2, P1);
      expect((await store().load('projection', 2))?.position).toEqual(P1);
      await store().reset('fresh', 0, P2);
      expect((await store().load('fresh'))?.position).toEqual(P2);
      expect(await store().load('projection', 0)).toBeNull();
    });

    const invalid: [string, string, CheckpointUpdate][] = [
      ['an empty processor name', '', { expected: null, next: P1 }],
      ['a negative partition', 'p', { partition: -1, expected: null, next: P1 }],
      ['a fractional partition', 'p', { partition: 0.5, expected: null, next: P1 }],
      [
        'a malformed next',
        'p',
        { expected: null, next: { transactionId: '1.5', globalPosition: '1' } },
      ],
      ['a missing next', 'p', { expected: null, next: null as never }],
      ['a malformed expected', 'p', { expected: { transactionId: 'a' } as never, next: P1 }],
      ['an empty owner', 'p', { expected: null, next: P1, owner: '' }],
    ];
    it.each(invalid)('rejects %s with VALIDATION_FAILED', async (_, processorName, update) => {
      await expect(store().save(processorName, update)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect(await store().load('p')).toBeNull();
    });
  });
}
