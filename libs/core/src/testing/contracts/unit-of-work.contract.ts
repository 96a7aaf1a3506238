import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { UnitOfWork } from '../../ports/unit-of-work.port.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';

/** Resolves on a later turn of the event loop, so concurrent units really interleave. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Contract every {@link UnitOfWork} adapter must pass: results and errors pass through,
 * activity is tracked per async context, nested runs join the outer unit, and concurrent
 * units stay apart. (Commit/rollback of real resources is each adapter's own test.)
 */
export function describeUnitOfWorkContract(
  name: string,
  factory: ContractFactory<ContractSubject<UnitOfWork>>,
): void {
  describe(`UnitOfWork contract: ${name}`, () => {
    let subject: ContractSubject<UnitOfWork>;
    let uow: UnitOfWork;

    beforeEach(async () => {
      subject = await factory();
      uow = subject.adapter;
    });

    afterEach(async () => {
      await subject.dispose?.();
    });

    it('returns the result of the work', async () => {
      await expect(uow.run(async () => ({ id: 'a' }))).resolves.toEqual({ id: 'a' });
    });

    it('rejects with the error of the work, unchanged', async () => {
      const error = new Error('boom');
      await expect(uow.run(async () => Promise.reject(error))).rejects.toBe(error);
    });

    it('turns a synchronous throw of the work into a rejection', async () => {
      const error = new Error('sync');
      const work = (() => {
        throw error;
      }) as () => Promise<never>;
      await expect(uow.run(work)).rejects.toBe(error);
    });

    it('is active only inside run, including after awaits', async () => {
      expect(uow.isActive()).toBe(false);
      const seen: boolean[] = [];
      await uow.run(async () => {
        seen.push(uow.isActive());
        await tick();
        seen.push(uow.isActive());
      });
      expect(seen).toEqual([true, true]);
      expect(uow.isActive()).toBe(false);
    });

    it('is inactive again after a failed unit', async () => {
      await uow.run(async () => Promise.reject(new Error('x'))).catch(() => undefined);
      expect(uow.isActive()).toBe(false);
    });

    it('joins an active unit from a nested run and propagates nested results and errors', async () => {
      const nestedError = new Error('nested');
      const outcome = await uow.run(async () => {
        const inner = await uow.run(async () => {
          await tick();
          return uow.isActive() ? 'joined' : 'not-active';
        });
        const failure = await uow.run(async () => Promise.reject(nestedError)).catch((e) => e);
        return { inner, failure, stillActive: uow.isActive() };
      });
      expect(outcome).toEqual({ inner: 'joined', failure: nestedError, stillActive: true });
    });

    it('keeps concurrent units and code outside them apart', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const running = Promise.all([
        uow.run(async () => {
          await gate;
          return uow.isActive();
        }),
        uow.run(async () => {
          await gate;
          return uow.isActive();
        }),
      ]);
      await tick();
      const outside = uow.isActive();
      release();
      await expect(running).resolves.toEqual([true, true]);
      expect(outside).toBe(false);
    });
  });
}
