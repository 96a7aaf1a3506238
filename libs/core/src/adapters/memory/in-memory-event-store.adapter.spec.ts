import { describe, expect, it } from '@jest/globals';
import { describeEventStoreContract } from '../../testing/contracts/event-store.contract.js';
import { collect } from '../../testing/contracts/event-store.contract-support.js';
import { FakeClock } from './fake-clock.adapter.js';
import { InMemoryEventStore } from './in-memory-event-store.adapter.js';
import { SequentialIdGenerator } from './sequential-id-generator.adapter.js';

describeEventStoreContract('InMemoryEventStore', () => ({ adapter: new InMemoryEventStore() }));

describe('InMemoryEventStore', () => {
  it('takes default ids, occurredAt and recordedAt from the injected IdGenerator and Clock', async () => {
    const clock = new FakeClock('2026-02-03T04:05:06.789Z');
    const store = new InMemoryEventStore({ clock, idGenerator: new SequentialIdGenerator() });
    await store.append('s', [{ type: 'a', version: 1, data: {} }]);
    clock.advance(1_000);
    await store.append('s', [{ type: 'b', version: 1, data: {} }]);
    const events = await collect(store.readStream('s'));
    expect(events.map((e) => [e.eventId, e.occurredAt, e.recordedAt])).toEqual([
      [
        '00000000-0000-7000-8000-000000000001',
        '2026-02-03T04:05:06.789Z',
        '2026-02-03T04:05:06.789Z',
      ],
      [
        '00000000-0000-7000-8000-000000000002',
        '2026-02-03T04:05:07.789Z',
        '2026-02-03T04:05:07.789Z',
      ],
    ]);
  });

  it('numbers transactions per append call and positions per event, from 1', async () => {
    const store = new InMemoryEventStore();
    await store.append('a', [
      { type: 'a', version: 1, data: {} },
      { type: 'a', version: 1, data: {} },
    ]);
    await store.append('b', [{ type: 'b', version: 1, data: {} }]);
    expect((await store.readAll()).map((e) => e.position)).toEqual([
      { transactionId: '1', globalPosition: '1' },
      { transactionId: '1', globalPosition: '2' },
      { transactionId: '2', globalPosition: '3' },
    ]);
  });

  it('rejects data that cannot be stored (not JSON-like) and writes nothing', async () => {
    const store = new InMemoryEventStore();
    await expect(
      store.append('s', [{ type: 'a', version: 1, data: { callback: () => 1 } }]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await store.streamVersion('s')).toBe(0);
  });

  it('enforces a configured maxPayloadBytes', async () => {
    const store = new InMemoryEventStore({ maxPayloadBytes: 16 });
    await store.append('s', [{ type: 'a', version: 1, data: { s: '12345678' } }]); // 16 bytes
    await expect(
      store.append('s', [{ type: 'a', version: 1, data: { s: '123456789' } }]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ rule: 'maxBytes' }] });
    expect(await store.streamVersion('s')).toBe(1);
  });

  it('rejects an unusable maxPayloadBytes option', () => {
    expect(() => new InMemoryEventStore({ maxPayloadBytes: 0 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
