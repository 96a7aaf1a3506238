import { describe, expect, it } from '@jest/globals';
import type { NewEvent } from '../../ports/event-store.port.js';
import { expectIsoTimestamp, rejectionOf } from './contract-helpers.js';
import {
  collect,
  newEvent,
  newEvents,
  readWholeLog,
  RICH_METADATA,
  type EventStoreContractContext,
} from './event-store.contract-support.js';

const EVENT_ID = '0190f5a2-7b1c-7d3e-8f4a-1b2c3d4e5f60';

/** Contract of `EventStore.append`: versions, stored fields, defaults, duplicates, validation. */
export function eventStoreAppendContract(ctx: EventStoreContractContext): void {
  describe('append', () => {
    it('assigns contiguous 1-based stream versions and returns the stored events', async () => {
      const first = await ctx.store.append('order-1', newEvents(2));
      expect(first.streamId).toBe('order-1');
      expect(first.streamVersion).toBe(2);
      expect(first.events.map((e) => [e.streamId, e.streamVersion])).toEqual([
        ['order-1', 1],
        ['order-1', 2],
      ]);
      expect(first.position).toEqual(first.events[1].position);
      const second = await ctx.store.append('order-1', [newEvent()]);
      expect(second.streamVersion).toBe(3);
      expect(second.events[0].streamVersion).toBe(3);
      expect(await ctx.store.streamVersion('order-1')).toBe(3);
    });

    it('reports version 0 for a stream that does not exist', async () => {
      await ctx.store.append('other', [newEvent()]);
      expect(await ctx.store.streamVersion('missing')).toBe(0);
    });

    it('stores eventId, type, version, data, metadata and occurredAt exactly as given', async () => {
      const given: NewEvent = {
        eventId: EVENT_ID,
        type: 'order.item-added',
        version: 3,
        data: {
          sku: 'A-1',
          quantity: 2,
          price: 9.99,
          tags: ['x', 'y'],
          note: null,
          deep: { a: [] },
        },
        metadata: RICH_METADATA,
        occurredAt: '2025-03-04T05:06:07.089Z',
      };
      await ctx.store.append('order-1', [given]);
      const [fromStream] = await collect(ctx.store.readStream('order-1'));
      const [fromLog] = await readWholeLog(ctx.store, 1);
      for (const read of [fromStream, fromLog]) {
        expect(read).toMatchObject({ ...given, streamId: 'order-1', streamVersion: 1 });
        expect(read.metadata).toEqual(RICH_METADATA);
      }
      expect(fromLog).toEqual(fromStream);
    });

    it('fills in eventId, occurredAt, metadata and recordedAt when omitted', async () => {
      const { events } = await ctx.store.append('order-1', [
        { type: 'a', version: 1, data: {} },
        { type: 'b', version: 1, data: {} },
      ]);
      for (const event of events) {
        expect(event.eventId).toEqual(expect.any(String));
        expect(event.eventId.length).toBeGreaterThan(0);
        expect(event.metadata).toEqual({});
        expectIsoTimestamp(event.occurredAt);
        expectIsoTimestamp(event.recordedAt);
      }
      expect(events[0].eventId).not.toBe(events[1].eventId);
    });

    it('stores a Date occurredAt as ISO-8601 UTC with milliseconds', async () => {
      const occurredAt = new Date('2025-06-07T08:09:10.123+02:00');
      const { events } = await ctx.store.append('order-1', [newEvent('a', { occurredAt })]);
      expect(events[0].occurredAt).toBe('2025-06-07T06:09:10.123Z');
    });

    it('returns from append exactly what readers read later', async () => {
      const result = await ctx.store.append('order-1', newEvents(3));
      expect(await collect(ctx.store.readStream('order-1'))).toEqual(result.events);
      expect(await readWholeLog(ctx.store, 3)).toEqual(result.events);
    });

    it('keeps stored events independent of the objects passed in and handed out', async () => {
      const data = { list: [1, 2], inner: { value: 'original' } };
      const metadata = { tenantId: 't-1', extra: { value: 'original' } };
      const result = await ctx.store.append('order-1', [newEvent('a', { data, metadata })]);
      data.list.push(3);
      data.inner.value = 'changed';
      metadata.extra.value = 'changed';
      (result.events[0].data as { inner: { value: string } }).inner.value = 'changed too';
      const [read] = await collect(ctx.store.readStream('order-1'));
      expect(read.data).toEqual({ list: [1, 2], inner: { value: 'original' } });
      expect(read.metadata).toEqual({ tenantId: 't-1', extra: { value: 'original' } });
    });

    it('treats zero events as a no-op that still checks expectedVersion', async () => {
      const empty = await ctx.store.append('order-1', [], { expectedVersion: 'no_stream' });
      expect(empty).toEqual({ streamId: 'order-1', streamVersion: 0, position: null, events: [] });
      expect(await ctx.store.streamVersion('order-1')).toBe(0);
      expect(await ctx.store.readAll()).toEqual([]);
      await expect(ctx.store.append('order-1', [], { expectedVersion: 4 })).rejects.toMatchObject({
        code: 'CONCURRENCY_CONFLICT',
        expected: 4,
        actual: 0,
      });
      await ctx.store.append('order-1', newEvents(2));
      const same = await ctx.store.append('order-1', [], { expectedVersion: 2 });
      expect(same).toMatchObject({ streamVersion: 2, position: null, events: [] });
      await expect(
        ctx.store.append('order-1', [], { expectedVersion: 'no_stream' }),
      ).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT', actual: 2 });
    });

    it('rejects a reused eventId with DUPLICATE_EVENT and writes nothing', async () => {
      await ctx.store.append('order-1', [newEvent('a', { eventId: EVENT_ID })]);
      for (const streamId of ['order-1', 'order-2']) {
        const error = await rejectionOf(
          ctx.store.append(streamId, [newEvent('b'), newEvent('c', { eventId: EVENT_ID })]),
        );
        expect(error).toMatchObject({ code: 'DUPLICATE_EVENT', eventId: EVENT_ID });
      }
      expect(await ctx.store.streamVersion('order-1')).toBe(1);
      expect(await ctx.store.streamVersion('order-2')).toBe(0);
      expect((await readWholeLog(ctx.store, 1)).map((e) => e.type)).toEqual(['a']);
    });

    it('rejects an eventId repeated within one append and writes nothing', async () => {
      const twice = [newEvent('a', { eventId: EVENT_ID }), newEvent('b', { eventId: EVENT_ID })];
      await expect(ctx.store.append('order-1', twice)).rejects.toMatchObject({
        code: 'DUPLICATE_EVENT',
      });
      expect(await ctx.store.streamVersion('order-1')).toBe(0);
    });

    it('records the stream type and rejects an append declaring another one', async () => {
      await ctx.store.append('id-1', [newEvent()], { streamType: 'Order' });
      await ctx.store.append('id-1', [newEvent()], { streamType: 'Order' });
      await ctx.store.append('id-1', [newEvent()]);
      const error = await rejectionOf(
        ctx.store.append('id-1', [newEvent()], { streamType: 'Customer' }),
      );
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await ctx.store.streamVersion('id-1')).toBe(3);
      const stream = await collect(ctx.store.readStream('id-1'));
      expect(stream.map((e) => e.streamType)).toEqual(['Order', 'Order', 'Order']);
      expect((await readWholeLog(ctx.store, 3)).map((e) => e.streamType)).toEqual([
        'Order',
        'Order',
        'Order',
      ]);
    });

    it('leaves streamType out for streams created without one, even when declared later', async () => {
      const { events } = await ctx.store.append('plain', [newEvent()]);
      expect(events[0]).not.toHaveProperty('streamType');
      const later = await ctx.store.append('plain', [newEvent()], { streamType: 'Order' });
      expect(later.events[0]).not.toHaveProperty('streamType');
      const read = await collect(ctx.store.readStream('plain'));
      expect(read.map((e) => e.streamType)).toEqual([undefined, undefined]);
      await ctx.store.append('plain', [newEvent()], { streamType: 'Customer' });
      expect(await ctx.store.streamVersion('plain')).toBe(3);
    });

    const invalid: [string, string, NewEvent[], object][] = [
      ['an empty stream id', '', [newEvent()], {}],
      ['an empty type', 's', [newEvent('')], {}],
      ['schema version 0', 's', [newEvent('a', { version: 0 })], {}],
      ['a fractional schema version', 's', [newEvent('a', { version: 1.5 })], {}],
      ['null data', 's', [newEvent('a', { data: null as never })], {}],
      ['array data', 's', [newEvent('a', { data: [1] as never })], {}],
      ['array metadata', 's', [newEvent('a', { metadata: [] as never })], {}],
      ['an empty eventId', 's', [newEvent('a', { eventId: '' })], {}],
      ['an invalid occurredAt', 's', [newEvent('a', { occurredAt: 'yesterday' })], {}],
      ['a negative expectedVersion', 's', [newEvent()], { expectedVersion: -1 }],
      ['a fractional expectedVersion', 's', [newEvent()], { expectedVersion: 1.5 }],
      ['an unknown expectedVersion', 's', [newEvent()], { expectedVersion: 'latest' }],
      ['an empty streamType', 's', [newEvent()], { streamType: '' }],
    ];
    it.each(invalid)('rejects %s with VALIDATION_FAILED', async (_, streamId, events, options) => {
      const valid = newEvent('valid');
      const error = await rejectionOf(ctx.store.append(streamId, [valid, ...events], options));
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', issues: expect.any(Array) });
      expect(await ctx.store.streamVersion(streamId)).toBe(0);
      expect(await ctx.store.readAll()).toEqual([]);
    });
  });
}
