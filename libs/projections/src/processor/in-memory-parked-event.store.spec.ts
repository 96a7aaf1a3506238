import { describe, expect, it } from '@jest/globals';
import { logPosition } from '@cqrs-ddd/core';
import { describeParkedEventStoreContract } from '../testing/parked-event-store.contract.js';
import { InMemoryParkedEventStore } from './in-memory-parked-event.store.js';

describeParkedEventStoreContract('InMemoryParkedEventStore', () => ({
  adapter: new InMemoryParkedEventStore(),
}));

describe('InMemoryParkedEventStore', () => {
  it('keeps its own copy: mutating a given or returned event changes nothing stored', async () => {
    const store = new InMemoryParkedEventStore();
    const error = { message: 'failed' };
    await store.park({
      eventId: 'e-1',
      processorName: 'p',
      partition: 0,
      streamId: 's',
      streamVersion: 1,
      type: 't',
      position: logPosition(1, 1),
      attempts: 1,
      error,
      parkedAt: '2026-01-01T00:00:00.000Z',
    });
    error.message = 'changed';
    const read = await store.get('p', 'e-1');
    (read!.error as { message: string }).message = 'changed again';
    expect((await store.get('p', 'e-1'))?.error.message).toBe('failed');
  });
});
