import { describe, expect, it } from '@jest/globals';
import { describeUnitOfWorkContract } from '../../testing/contracts/unit-of-work.contract.js';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work.adapter.js';

describeUnitOfWorkContract('InMemoryUnitOfWork', () => ({ adapter: new InMemoryUnitOfWork() }));

describe('InMemoryUnitOfWork', () => {
  it('tracks nesting depth and reports the outer unit id inside joined runs', async () => {
    const uow = new InMemoryUnitOfWork();
    const seen = await uow.run(async () => {
      const outer = { depth: uow.depth(), unit: uow.currentUnitId() };
      const inner = await uow.run(async () => ({ depth: uow.depth(), unit: uow.currentUnitId() }));
      return { outer, inner };
    });
    expect(seen.outer.depth).toBe(1);
    expect(seen.inner).toEqual({ depth: 2, unit: seen.outer.unit });
    expect(uow.depth()).toBe(0);
    expect(uow.currentUnitId()).toBeUndefined();
  });

  it('gives concurrent units distinct ids and counts only outermost commits and rollbacks', async () => {
    const uow = new InMemoryUnitOfWork();
    const ids = await Promise.all([
      uow.run(async () => uow.currentUnitId()),
      uow.run(async () => uow.run(async () => uow.currentUnitId())),
    ]);
    expect(new Set(ids).size).toBe(2);
    await uow.run(async () => Promise.reject(new Error('x'))).catch(() => undefined);
    expect(uow.committed).toBe(2);
    expect(uow.rolledBack).toBe(1);
  });
});
