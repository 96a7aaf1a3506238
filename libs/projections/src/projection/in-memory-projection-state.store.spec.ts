import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { describeProjectionStateStoreContract } from '../testing/projection-state-store.contract.js';
import { InMemoryProjectionStateStore } from './in-memory-projection-state.store.js';

describeProjectionStateStoreContract('InMemoryProjectionStateStore', () => ({
  adapter: new InMemoryProjectionStateStore(),
}));

describe('InMemoryProjectionStateStore', () => {
  it('stamps every transition with the injected clock', async () => {
    const clock = new FakeClock('2026-02-03T04:05:06.000Z');
    const store = new InMemoryProjectionStateStore({ clock });
    await store.initialise('orders', 1);
    clock.advance(1_000);
    expect((await store.beginRebuild('orders', 2)).updatedAt).toBe('2026-02-03T04:05:07.000Z');
    clock.advance(1_000);
    const completed = await store.completeRebuild('orders', 2);
    expect(completed?.updatedAt).toBe('2026-02-03T04:05:08.000Z');
  });
});
