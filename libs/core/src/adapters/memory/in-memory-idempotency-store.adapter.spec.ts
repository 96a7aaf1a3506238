import { describe, expect, it } from '@jest/globals';
import { describeIdempotencyStoreContract } from '../../testing/contracts/idempotency-store.contract.js';
import { FakeClock } from './fake-clock.adapter.js';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store.adapter.js';

describeIdempotencyStoreContract('InMemoryIdempotencyStore', () => {
  const clock = new FakeClock();
  return { adapter: new InMemoryIdempotencyStore(clock), advanceTime: (ms) => clock.advance(ms) };
});

describe('InMemoryIdempotencyStore', () => {
  it('sweeps expired records so abandoned keys do not accumulate', async () => {
    const clock = new FakeClock();
    const store = new InMemoryIdempotencyStore(clock);
    for (let i = 0; i < 10; i += 1) {
      await store.claim({ key: `k-${i}`, fingerprint: 'f', lockTtlMs: 1_000 });
    }
    expect(store.size()).toBe(10);
    clock.advance(1_000);
    expect(store.size()).toBe(0);
    for (let i = 0; i < 1_100; i += 1) {
      await store.claim({ key: `fresh-${i}`, fingerprint: 'f', lockTtlMs: 60_000 });
    }
    const internal = (store as unknown as { entries: Map<string, unknown> }).entries;
    expect([...internal.keys()].some((key) => key.startsWith('k-'))).toBe(false);
  });
});
