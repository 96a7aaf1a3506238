import { describe, expect, it } from '@jest/globals';
import type { UnitOfWork } from '../../ports/unit-of-work.port.js';
import { useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';
import { deferred, flushAsync } from './contract-time.js';

/** What `describeUnitOfWorkContract` needs per test: a unit of work. */
export type UnitOfWorkContractSubject = ContractSubject<UnitOfWork>;

/**
 * Contract every {@link UnitOfWork} adapter must pass: results and errors pass through,
 * activity is tracked per async context, nested runs join the outer unit, and concurrent
 * units stay apart. (Commit/rollback of real resources is each adapter's own test.)
 */
export function describeUnitOfWorkContract(
  name: string,
  factory: ContractFactory<UnitOfWorkContractSubject>,
): void {
  describe(`UnitOfWork contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const uow = () => subject().adapter;

    it('returns the result of the work', async () => {
      await expect(uow().run(async () => ({ id: 'a' }))).resolves.toEqual({ id: 'a' });
    });

    it('rejects with the error of the work, unchanged', async () => {
      const error = new Error('boom');
      await expect(uow().run(async () => Promise.reject(error))).rejects.toBe(error);
    });

    it('turns a synchronous throw of the work into a rejection', async () => {
      const error = new Error('sync');
      const work = (() => {
        throw error;
      }) as () => Promise<never>;
      await expect(uow().run(work)).rejects.toBe(error);
    });

    it('is active only inside run, including after awaits', async () => {
      expect(uow().isActive()).toBe(false);
      const seen: boolean[] = [];
      await uow().run(async () => {
        seen.push(uow().isActive());
        await flushAsync();
        seen.push(uow().isActive());
      });
      expect(seen).toEqual([true, true]);
      expect(uow().isActive()).toBe(false);
    });

    it('is inactive again after a failed unit', async () => {
      await uow()
        .run(async () => Promise.reject(new Error('x')))
        .catch(() => undefined);
      expect(uow().isActive()).toBe(false);
    });

    it('joins an active unit from a nested run and propagates nested results and errors', async () => {
      const nestedError = new Error('nested');
      const outcome = await uow().run(async () => {
        const inner = await uow().run(async () => {
          await flushAsync();
          return uow().isActive() ? 'joined' : 'not-active';
        });
        const failure = await uow()
          .run(async () => Promise.reject(nestedError))
          .catch((e) => e);
        return { inner, failure, stillActive: uow().isActive() };
      });
      expect(outcome).toEqual({ inner: 'joined', failure: nestedError, stillActive: true });
    });

    it('keeps concurrent units and code outside them apart', async () => {
      const gate = deferred<void>();
      const running = Promise.all([
        uow().run(async () => {
          await gate.promise;
          return uow().isActive();
        }),
        uow().run(async () => {
          await gate.promise;
          return uow().isActive();
        }),
      ]);
      await flushAsync();
      const outside = uow().isActive();
      gate.resolve();
      await expect(running).resolves.toEqual([true, true]);
      expect(outside).toBe(false);
    });
  });
}
