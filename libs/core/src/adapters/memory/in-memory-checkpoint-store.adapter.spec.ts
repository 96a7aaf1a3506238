import { describe, expect, it } from '@jest/globals';
import { describeCheckpointStoreContract } from '../../testing/contracts/checkpoint-store.contract.js';
import { logPosition } from '../../domain/log-position.js';
import { FakeClock } from './fake-clock.adapter.js';
import { InMemoryCheckpointStore } from './in-memory-checkpoint-store.adapter.js';

describeCheckpointStoreContract('InMemoryCheckpointStore', () => ({
  adapter: new InMemoryCheckpointStore(),
}));

describe('InMemoryCheckpointStore', () => {
  it('stamps updatedAt from the injected clock', async () => {
    const clock = new FakeClock('2026-05-06T07:08:09.000Z');
    const store = new InMemoryCheckpointStore({ clock });
    await store.save('p', { expected: null, next: logPosition(1, 1) });
    clock.advance(500);
    const reset = await store.reset('p');
    expect(reset.updatedAt).toBe('2026-05-06T07:08:09.500Z');
  });
});
