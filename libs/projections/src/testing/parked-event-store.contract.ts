import { describe, expect, it } from '@jest/globals';
import { logPosition, type LogPosition } from '@cqrs-ddd/core';
import {
  type ContractFactory,
  type ContractSubject,
  useContractSubject,
} from '@cqrs-ddd/core/testing';
import type { ParkedEvent, ParkedEventStore } from '../processor/parked-event-store.port.js';

/** What `describeParkedEventStoreContract` needs per test: a fresh, empty parked-event store. */
export type ParkedEventStoreContractSubject = ContractSubject<ParkedEventStore>;

/** A parked event of processor `processorName` at `position`. */
function parked(
  processorName: string,
  eventId: string,
  position: LogPosition,
  overrides: Partial<ParkedEvent> = {},
): ParkedEvent {
  return {
    eventId,
    processorName,
    partition: 0,
    streamId: `order-${eventId}`,
    streamVersion: 3,
    type: 'order.created',
    position,
    attempts: 5,
    error: { message: 'handler failed', code: 'BOOM', name: 'Error' },
    parkedAt: '2026-04-05T06:07:08.009Z',
    ...overrides,
  };
}

/**
 * The behaviour every {@link ParkedEventStore} adapter must have: one entry per (processor,
 * event id), replaced when parked again; lists in log order (positions compared as integers),
 * filtered by processor and limited; removal and counts per processor.
 */
export function describeParkedEventStoreContract(
  name: string,
  factory: ContractFactory<ParkedEventStoreContractSubject>,
): void {
  describe(`ParkedEventStore contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const store = () => subject().adapter;

    it('parks an event and gets it back as it was given', async () => {
      const event = parked('projection', 'e-1', logPosition(10, 7), { partition: 2 });
      await store().park(event);
      expect(await store().get('projection', 'e-1')).toEqual(event);
      expect(await store().get('projection', 'e-2')).toBeUndefined();
      expect(await store().get('other', 'e-1')).toBeUndefined();
    });

    it('keeps an error without code and name as just its message', async () => {
      await store().park(
        parked('projection', 'e-1', logPosition(1, 1), { error: { message: 'x' } }),
      );
      const stored = await store().get('projection', 'e-1');
      expect(stored?.error).toEqual({ message: 'x' });
      expect(Object.keys(stored!.error)).toEqual(['message']);
    });

    it('normalises parkedAt to ISO-8601 UTC', async () => {
      await store().park(
        parked('projection', 'e-1', logPosition(1, 1), { parkedAt: '2026-04-05T08:07:08+02:00' }),
      );
      expect((await store().get('projection', 'e-1'))?.parkedAt).toBe('2026-04-05T06:07:08.000Z');
    });

    it('replaces the entry when the same event is parked again', async () => {
      await store().park(parked('projection', 'e-1', logPosition(1, 1)));
      const again = parked('projection', 'e-1', logPosition(1, 1), {
        attempts: 9,
        error: { message: 'still failing' },
        parkedAt: '2026-04-06T00:00:00.000Z',
      });
      await store().park(again);
      expect(await store().get('projection', 'e-1')).toEqual(again);
      expect(await store().count('projection')).toBe(1);
    });

    it('keeps the entries of different processors apart', async () => {
      await store().park(parked('a', 'e-1', logPosition(1, 1)));
      await store().park(parked('b', 'e-1', logPosition(1, 1), { attempts: 1 }));
      expect(await store().count('a')).toBe(1);
      expect(await store().count('b')).toBe(1);
      expect((await store().get('b', 'e-1'))?.attempts).toBe(1);
      await expect(store().remove('a', 'e-1')).resolves.toBe(true);
      expect(await store().get('b', 'e-1')).toBeDefined();
    });

    it('lists oldest log position first, comparing positions as integers', async () => {
      await store().park(parked('p', 'late', logPosition(10, 2)));
      await store().park(parked('p', 'early', logPosition(9, 30)));
      await store().park(parked('p', 'middle', logPosition(10, 1)));
      const listed = await store().list();
      expect(listed.map((event) => event.eventId)).toEqual(['early', 'middle', 'late']);
      expect(listed[0]).toEqual(parked('p', 'early', logPosition(9, 30)));
    });

    it('filters the list by processor and limits it', async () => {
      for (let index = 1; index <= 4; index += 1) {
        await store().park(parked('a', `a-${index}`, logPosition(index, index)));
        await store().park(parked('b', `b-${index}`, logPosition(index, index + 10)));
      }
      const a = await store().list({ processorName: 'a', limit: 3 });
      expect(a.map((event) => event.eventId)).toEqual(['a-1', 'a-2', 'a-3']);
      const all = await store().list({ limit: 3 });
      expect(all.map((event) => event.eventId)).toEqual(['a-1', 'b-1', 'a-2']);
      expect(await store().list({ processorName: 'none' })).toEqual([]);
    });

    it('lists at most 100 events by default', async () => {
      for (let index = 0; index < 101; index += 1) {
        await store().park(parked('p', `e-${index}`, logPosition(1, index)));
      }
      const listed = await store().list({ processorName: 'p' });
      expect(listed).toHaveLength(100);
      expect(listed.at(-1)?.eventId).toBe('e-99');
    });

    it('filters the list by stream, oldest first', async () => {
      await store().park(parked('p', 'e-2', logPosition(2, 2), { streamId: 's-1' }));
      await store().park(parked('p', 'e-1', logPosition(1, 1), { streamId: 's-1' }));
      await store().park(parked('p', 'e-3', logPosition(3, 3), { streamId: 's-2' }));
      await store().park(parked('q', 'e-4', logPosition(4, 4), { streamId: 's-1' }));
      const ids = async (query: Parameters<ParkedEventStore['list']>[0]) =>
        (await store().list(query)).map((event) => event.eventId);
      expect(await ids({ processorName: 'p', streamId: 's-1' })).toEqual(['e-1', 'e-2']);
      expect(await ids({ streamId: 's-1' })).toEqual(['e-1', 'e-2', 'e-4']);
      expect(await ids({ processorName: 'p', streamId: 'none' })).toEqual([]);
      await expect(store().list({ streamId: '' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });

    it("names the streams with parked events of one processor's partition", async () => {
      await store().park(parked('p', 'e-1', logPosition(1, 1), { streamId: 's-1' }));
      await store().park(parked('p', 'e-2', logPosition(2, 2), { streamId: 's-1' }));
      await store().park(parked('p', 'e-3', logPosition(3, 3), { streamId: 's-2', partition: 1 }));
      await store().park(parked('q', 'e-4', logPosition(4, 4), { streamId: 's-3' }));
      expect(await store().parkedStreams('p', 0)).toEqual(['s-1']);
      expect(await store().parkedStreams('p', 1)).toEqual(['s-2']);
      expect(await store().parkedStreams('p', 2)).toEqual([]);
      await store().remove('p', 'e-1');
      await store().remove('p', 'e-2');
      expect(await store().parkedStreams('p', 0)).toEqual([]);
    });

    it('removes an entry once, and counts per processor', async () => {
      await store().park(parked('p', 'e-1', logPosition(1, 1)));
      await store().park(parked('p', 'e-2', logPosition(1, 2)));
      expect(await store().count('p')).toBe(2);
      await expect(store().remove('p', 'e-1')).resolves.toBe(true);
      await expect(store().remove('p', 'e-1')).resolves.toBe(false);
      await expect(store().remove('p', 'unknown')).resolves.toBe(false);
      expect(await store().count('p')).toBe(1);
      expect(await store().count('never-parked')).toBe(0);
      expect(await store().get('p', 'e-1')).toBeUndefined();
    });

    it('rejects an invalid event or query with VALIDATION_FAILED and stores nothing', async () => {
      const invalid = parked('p', '', logPosition(1, 1), { attempts: -1 });
      await expect(store().park(invalid)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'eventId' }, { path: 'attempts' }],
      });
      await expect(
        store().park({ ...parked('p', 'e-1', logPosition(1, 1)), parkedAt: 'yesterday' }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'parkedAt' }] });
      expect(await store().count('p')).toBe(0);
      await expect(store().list({ limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store().list({ processorName: '' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });
  });
}
