import { describe, expect, it } from '@jest/globals';
import { isValidationError, type UnitOfWork } from '@cqrs-ddd/core';
import {
  type ContractFactory,
  type ContractSubject,
  rejectionOf,
  uniqueName,
  useContractSubject,
} from '@cqrs-ddd/core/testing';
import { INBOX_KEY_MAX_LENGTH, type InboxStore } from '../inbox/inbox-store.port.js';

/**
 * What `describeInboxStoreContract` needs per test: an empty inbox store, and the unit of work
 * whose transactions its records join (enlisted by the suite with `InboxStore.enlist`).
 */
export interface InboxStoreContractSubject extends ContractSubject<InboxStore> {
  /** E.g. `new MikroOrmUnitOfWork(em)` for PostgreSQL, `new InMemoryUnitOfWork()` in memory. */
  readonly unitOfWork: UnitOfWork;
}

class Rollback extends Error {}

/**
 * Contract every {@link InboxStore} adapter must pass: a record is new exactly once per
 * consumer and message id, joins the caller's transaction (kept on commit, gone on rollback,
 * invisible to others before commit), exactly one of concurrent transactions recording the
 * same id gets `true`, purging by age, and argument validation.
 */
export function describeInboxStoreContract(
  name: string,
  factory: ContractFactory<InboxStoreContractSubject>,
): void {
  describe(`InboxStore contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const store = () => subject().adapter;
    /** Runs `work` in one transaction of the subject's enlisted unit of work. */
    const inUnit = <T>(work: () => Promise<T>) => store().enlist(subject().unitOfWork).run(work);
    const rolledBack = (work: () => Promise<unknown>) =>
      inUnit(async () => {
        await work();
        throw new Rollback();
      }).catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    const freshId = () => uniqueName('message');

    it('records a message id once: true the first time, false afterwards', async () => {
      const id = freshId();
      await expect(store().has('billing', id)).resolves.toBe(false);
      await expect(store().record('billing', id)).resolves.toBe(true);
      await expect(store().record('billing', id)).resolves.toBe(false);
      await expect(store().has('billing', id)).resolves.toBe(true);
    });

    it('keeps consumers and message ids apart', async () => {
      const [a, b] = [freshId(), freshId()];
      await expect(store().record('billing', a)).resolves.toBe(true);
      await expect(store().record('shipping', a)).resolves.toBe(true);
      await expect(store().record('billing', b)).resolves.toBe(true);
      await expect(store().has('shipping', b)).resolves.toBe(false);
    });

    it('keeps a record made in a transaction that commits', async () => {
      const id = freshId();
      await expect(inUnit(() => store().record('billing', id))).resolves.toBe(true);
      await expect(store().has('billing', id)).resolves.toBe(true);
      await expect(inUnit(() => store().record('billing', id))).resolves.toBe(false);
    });

    it('does not keep a record made in a transaction that rolls back', async () => {
      const id = freshId();
      await rolledBack(async () => {
        await expect(store().record('billing', id)).resolves.toBe(true);
      });
      await expect(store().has('billing', id)).resolves.toBe(false);
      await expect(inUnit(() => store().record('billing', id))).resolves.toBe(true);
    });

    it('sees its own uncommitted record, which others see only after commit', async () => {
      const id = freshId();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let recorded!: () => void;
      const recordedInside = new Promise<void>((resolve) => (recorded = resolve));
      const unit = inUnit(async () => {
        await store().record('billing', id);
        const inside = [await store().has('billing', id), await store().record('billing', id)];
        recorded();
        await held;
        return inside;
      });
      await recordedInside;
      const outside = await store().has('billing', id);
      release();
      await expect(unit).resolves.toEqual([true, false]);
      expect(outside).toBe(false);
      await expect(store().has('billing', id)).resolves.toBe(true);
    });

    it('gives true to exactly one of many concurrent transactions recording the same id', async () => {
      const id = freshId();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => inUnit(() => store().record('billing', id))),
      );
      expect(results.filter((recorded) => recorded)).toHaveLength(1);
      await expect(store().has('billing', id)).resolves.toBe(true);
    });

    it('lets a concurrent transaction record the id after the first one rolled back', async () => {
      const id = freshId();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let recorded!: () => void;
      const firstRecorded = new Promise<void>((resolve) => (recorded = resolve));
      const first = rolledBack(async () => {
        await store().record('billing', id);
        recorded();
        await held;
      });
      await firstRecorded;
      const second = inUnit(() => store().record('billing', id));
      release();
      await first;
      await expect(second).resolves.toBe(true);
      await expect(store().has('billing', id)).resolves.toBe(true);
    });

    it('purges the records processed before a date and returns how many it deleted', async () => {
      const [a, b] = [freshId(), freshId()];
      await store().record('billing', a);
      await inUnit(() => store().record('shipping', b));
      await expect(store().purge(new Date(Date.now() - 60_000))).resolves.toBe(0);
      await expect(store().has('billing', a)).resolves.toBe(true);
      await expect(store().purge(new Date(Date.now() + 60_000))).resolves.toBe(2);
      await expect(store().has('billing', a)).resolves.toBe(false);
      await expect(store().has('shipping', b)).resolves.toBe(false);
      await expect(store().record('billing', a)).resolves.toBe(true);
    });

    it('rejects empty or over-long keys and invalid dates with ValidationError', async () => {
      const tooLong = 'x'.repeat(INBOX_KEY_MAX_LENGTH + 1);
      const failures = await Promise.all([
        rejectionOf(store().record('', freshId())),
        rejectionOf(store().record('billing', '')),
        rejectionOf(store().record('billing', tooLong)),
        rejectionOf(store().has(tooLong, freshId())),
        rejectionOf(store().purge(new Date(Number.NaN))),
        rejectionOf(store().purge('2024-01-01' as unknown as Date)),
      ]);
      expect(failures.every(isValidationError)).toBe(true);
      expect(failures[0]).toMatchObject({ issues: [{ path: 'consumer' }] });
      expect(failures[1]).toMatchObject({ issues: [{ path: 'messageId' }] });
    });
  });
}
