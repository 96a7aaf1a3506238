import { describe, expect, it } from '@jest/globals';
import type { ExpectedVersion } from '../../errors/concurrency.error.js';
import { rejectionOf } from './contract-helpers.js';
import {
  collect,
  newEvent,
  newEvents,
  readWholeLog,
  type EventStoreContractContext,
} from './event-store.contract-support.js';

/** Contract of optimistic concurrency: expected versions, racing writers, atomic multi-stream appends. */
export function eventStoreConcurrencyContract(ctx: EventStoreContractContext): void {
  describe('expectedVersion', () => {
    const cases: [string, number, ExpectedVersion | undefined, boolean][] = [
      ['a matching number', 2, 2, true],
      ['a lower number', 2, 1, false],
      ['a higher number', 2, 3, false],
      ['0 on a missing stream', 0, 0, true],
      ["'no_stream' on a missing stream", 0, 'no_stream', true],
      ["'no_stream' on an existing stream", 2, 'no_stream', false],
      ["'stream_exists' on an existing stream", 2, 'stream_exists', true],
      ["'stream_exists' on a missing stream", 0, 'stream_exists', false],
      ["'any' on a missing stream", 0, 'any', true],
      ["'any' on an existing stream", 2, 'any', true],
      ['no expectation (any) on an existing stream', 2, undefined, true],
    ];
    it.each(cases)('%s', async (_, existing, expectedVersion, succeeds) => {
      if (existing > 0) await ctx.store.append('s', newEvents(existing));
      const attempt = ctx.store.append('s', [newEvent('next')], { expectedVersion });
      if (succeeds) {
        await expect(attempt).resolves.toMatchObject({ streamVersion: existing + 1 });
      } else {
        const error = await rejectionOf(attempt);
        expect(error).toBeInstanceOf(Error);
        expect(error).toMatchObject({
          code: 'CONCURRENCY_CONFLICT',
          streamId: 's',
          expected: expectedVersion,
          actual: existing,
        });
        expect(await ctx.store.streamVersion('s')).toBe(existing);
      }
    });
  });

  describe('concurrent writers', () => {
    it('lets exactly one of many appends with the same expectedVersion win', async () => {
      await ctx.store.append('s', newEvents(2));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          ctx.store.append('s', [newEvent(`racer.${i}`)], { expectedVersion: 2 }),
        ),
      );
      const winners = outcomes.filter((o) => o.status === 'fulfilled');
      const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(9);
      for (const error of losers) {
        expect(error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expected: 2, actual: 3 });
      }
      expect(await ctx.store.streamVersion('s')).toBe(3);
      expect(await readWholeLog(ctx.store, 3)).toHaveLength(3);
    });

    it("lets exactly one of two 'no_stream' appends create the stream", async () => {
      const outcomes = await Promise.allSettled([
        ctx.store.append('s', newEvents(2, 'first'), { expectedVersion: 'no_stream' }),
        ctx.store.append('s', newEvents(2, 'second'), { expectedVersion: 'no_stream' }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const [loser] = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
      expect(loser).toMatchObject({ code: 'CONCURRENCY_CONFLICT', actual: 2 });
      const types = (await collect(ctx.store.readStream('s'))).map((e) => e.type.split('.')[0]);
      expect(types[0]).toBe(types[1]);
    });

    it("serialises concurrent 'any' appends into contiguous, unbroken batches", async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => ctx.store.append('s', newEvents(2, `w${i}`))),
      );
      const versions = results.flatMap((r) => r.events.map((e) => e.streamVersion));
      expect([...versions].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      for (const { events } of results)
        expect(events[1].streamVersion).toBe(events[0].streamVersion + 1);
      const stream = await collect(ctx.store.readStream('s'));
      expect(stream.map((e) => e.streamVersion)).toEqual(versions.sort((a, b) => a - b));
      for (let i = 0; i < 40; i += 2) {
        expect(stream[i].type.split('.')[0]).toBe(stream[i + 1].type.split('.')[0]);
      }
    });
  });

  describe('appendToStreams', () => {
    it('appends to several streams in one commit and returns results in batch order', async () => {
      await ctx.store.append('b', [newEvent('b.0')]);
      const results = await ctx.store.appendToStreams([
        { streamId: 'a', events: newEvents(2, 'a'), expectedVersion: 'no_stream' },
        { streamId: 'b', events: [newEvent('b.1')], expectedVersion: 1 },
      ]);
      expect(results.map((r) => [r.streamId, r.streamVersion])).toEqual([
        ['a', 2],
        ['b', 2],
      ]);
      const log = await readWholeLog(ctx.store, 4);
      expect(log.map((e) => e.type)).toEqual(['b.0', 'a.1', 'a.2', 'b.1']);
      const transactions = new Set(log.slice(1).map((e) => e.position.transactionId));
      expect(transactions.size).toBe(1);
    });

    it('writes nothing to any stream when one batch has a version conflict', async () => {
      await ctx.store.append('b', [newEvent('b.0')]);
      const error = await rejectionOf(
        ctx.store.appendToStreams([
          { streamId: 'a', events: newEvents(2, 'a'), expectedVersion: 'no_stream' },
          { streamId: 'b', events: [newEvent('b.1')], expectedVersion: 0 },
          { streamId: 'c', events: [newEvent('c.1')] },
        ]),
      );
      expect(error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: 'b', actual: 1 });
      expect(await ctx.store.streamVersion('a')).toBe(0);
      expect(await ctx.store.streamVersion('b')).toBe(1);
      expect(await ctx.store.streamVersion('c')).toBe(0);
      expect((await readWholeLog(ctx.store, 1)).map((e) => e.type)).toEqual(['b.0']);
    });

    it('writes nothing when a later batch reuses an eventId', async () => {
      const eventId = '0190f5a2-7b1c-7d3e-8f4a-1b2c3d4e5f61';
      await ctx.store.append('x', [newEvent('x', { eventId })]);
      await expect(
        ctx.store.appendToStreams([
          { streamId: 'a', events: [newEvent('a')] },
          { streamId: 'b', events: [newEvent('b', { eventId })] },
        ]),
      ).rejects.toMatchObject({ code: 'DUPLICATE_EVENT', eventId });
      expect(await ctx.store.streamVersion('a')).toBe(0);
      expect(await ctx.store.streamVersion('b')).toBe(0);
    });

    it('applies batches in order, so a stream may appear twice', async () => {
      const results = await ctx.store.appendToStreams([
        { streamId: 'a', events: [newEvent('a.1')], expectedVersion: 'no_stream' },
        { streamId: 'a', events: [newEvent('a.2')], expectedVersion: 1 },
      ]);
      expect(results.map((r) => r.streamVersion)).toEqual([1, 2]);
      await expect(
        ctx.store.appendToStreams([
          { streamId: 'b', events: [newEvent('b.1')], expectedVersion: 'no_stream' },
          { streamId: 'b', events: [newEvent('b.2')], expectedVersion: 'no_stream' },
        ]),
      ).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: 'b', actual: 1 });
      expect(await ctx.store.streamVersion('b')).toBe(0);
    });

    it('resolves to [] for no batches', async () => {
      await expect(ctx.store.appendToStreams([])).resolves.toEqual([]);
    });

    it('completes concurrent calls locking the same streams in opposite orders', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const [first, second] = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
          return ctx.store.appendToStreams([
            { streamId: first, events: [newEvent(`${first}.${i}`)] },
            { streamId: second, events: [newEvent(`${second}.${i}`)] },
          ]);
        }),
      );
      expect(await ctx.store.streamVersion('a')).toBe(10);
      expect(await ctx.store.streamVersion('b')).toBe(10);
    });
  });
}
