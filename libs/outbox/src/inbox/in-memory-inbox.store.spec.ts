import { describe, expect, it } from '@jest/globals';
import { InMemoryUnitOfWork } from '@cqrs-ddd/core';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { describeInboxStoreContract } from '../testing/inbox-store.contract.js';
import { InMemoryInboxStore } from './in-memory-inbox.store.js';

describeInboxStoreContract('memory', () => ({
  adapter: new InMemoryInboxStore(),
  unitOfWork: new InMemoryUnitOfWork(),
}));

describe('InMemoryInboxStore', () => {
  it('purges by processing time on its clock, keeping the records processed since', async () => {
    const clock = new FakeClock(new Date('2030-01-01T00:00:00Z'));
    const store = new InMemoryInboxStore({ clock });
    await store.record('billing', 'old');
    clock.advance(60_000);
    const cut = clock.now();
    await store.record('billing', 'new');
    await expect(store.purge(cut)).resolves.toBe(1);
    await expect(store.has('billing', 'old')).resolves.toBe(false);
    await expect(store.has('billing', 'new')).resolves.toBe(true);
  });

  it('joins nested runs of the enlisted unit into the outermost one', async () => {
    const unitOfWork = new InMemoryUnitOfWork();
    const store = new InMemoryInboxStore();
    const enlisted = store.enlist(unitOfWork);
    const failure = await enlisted
      .run(async () => {
        await enlisted.run(() => store.record('billing', 'nested'));
        expect(enlisted.isActive()).toBe(true);
        throw new Error('outer fails');
      })
      .catch((error: unknown) => error);
    expect(failure).toEqual(new Error('outer fails'));
    await expect(store.has('billing', 'nested')).resolves.toBe(false);
    expect(unitOfWork.rolledBack).toBe(1);
  });
});
