import { describe, expect, it } from '@jest/globals';
import type { LogPosition, StoredEvent } from '../../domain/event-envelope.js';
import { compareLogPositions, LOG_START } from '../../domain/log-position.js';
import type { ReadAllOptions } from '../../ports/event-store.port.js';
import { expectIsoTimestamp, rejectionOf } from './contract-helpers.js';
import { flushAsync, pollUntil } from './contract-time.js';
import {
  newEvent,
  newEvents,
  readWholeLog,
  type EventStoreContractContext,
} from './event-store.contract-support.js';

const typesOf = (events: readonly StoredEvent[]) => events.map((e) => e.type);

/** Contract of `EventStore.readAll`: commit order, checkpoints, paging, type filters. */
export function eventStoreReadAllContract(ctx: EventStoreContractContext): void {
  describe('readAll', () => {
    const readAfter = (expectedCount: number, options: ReadAllOptions) =>
      pollUntil(
        () => ctx.store.readAll(options),
        (batch) => batch.length >= expectedCount,
      );

    it('returns [] for an empty store', async () => {
      expect(await ctx.store.readAll()).toEqual([]);
      expect(await ctx.store.readAll({ after: LOG_START, limit: 10 })).toEqual([]);
    });

    it('returns events of all streams in commit order, with increasing positions', async () => {
      await ctx.store.append('a', [newEvent('a.1')]);
      await ctx.store.append('b', newEvents(2, 'b'));
      await ctx.store.append('a', [newEvent('a.2')]);
      const log = await readWholeLog(ctx.store, 4);
      expect(typesOf(log)).toEqual(['a.1', 'b.1', 'b.2', 'a.2']);
      for (let i = 1; i < log.length; i++) {
        expect(compareLogPositions(log[i - 1].position, log[i].position)).toBeLessThan(0);
      }
      expect(log[1].position.transactionId).toBe(log[2].position.transactionId);
      for (const event of log) {
        expect(event.position.transactionId).toMatch(/^(0|[1-9]\d*)$/);
        expect(event.position.globalPosition).toMatch(/^(0|[1-9]\d*)$/);
        expectIsoTimestamp(event.recordedAt);
      }
    });

    it('returns only events strictly after the checkpoint', async () => {
      await ctx.store.append('a', newEvents(4, 'a'));
      const log = await readWholeLog(ctx.store, 4);
      expect(typesOf(await ctx.store.readAll({ after: log[1].position }))).toEqual(['a.3', 'a.4']);
      expect(await ctx.store.readAll({ after: log[3].position })).toEqual([]);
      expect(typesOf(await ctx.store.readAll({ after: null }))).toEqual(typesOf(log));
      expect(typesOf(await ctx.store.readAll({}))).toEqual(typesOf(log));
    });

    it('reports the head position: null when empty, then the newest readable event', async () => {
      await expect(ctx.store.headPosition()).resolves.toBeNull();
      await ctx.store.append('a', newEvents(2, 'a'));
      await ctx.store.append('b', [newEvent('b.1')]);
      const log = await readWholeLog(ctx.store, 3);
      const head = await pollUntil(
        () => ctx.store.headPosition(),
        (position) => compareLogPositions(position, log[2].position) === 0,
      );
      expect(head).toEqual(log[2].position);
      // Whatever the type filter of a reader, nothing readable lies after the head.
      expect(await ctx.store.readAll({ after: head })).toEqual([]);
    });

    it('compares positions as numbers, not as text', async () => {
      for (let i = 1; i <= 12; i++) await ctx.store.append(`s${i}`, [newEvent(`e.${i}`)]);
      const log = await readWholeLog(ctx.store, 12);
      expect(typesOf(await ctx.store.readAll({ after: log[8].position }))).toEqual([
        'e.10',
        'e.11',
        'e.12',
      ]);
      const farFuture: LogPosition = {
        transactionId: '9223372036854775806',
        globalPosition: '9223372036854775806',
      };
      expect(await ctx.store.readAll({ after: farFuture })).toEqual([]);
    });

    it('respects limit and pages through every event exactly once', async () => {
      await ctx.store.append('a', newEvents(3, 'a'));
      await ctx.store.append('b', newEvents(2, 'b'));
      expect(await readAfter(2, { limit: 2 })).toHaveLength(2);
      const seen: StoredEvent[] = [];
      let after: LogPosition | null = LOG_START;
      for (let page = 0; page < 10 && seen.length < 5; page++) {
        const batch = await readAfter(1, { after, limit: 2 });
        expect(batch.length).toBeLessThanOrEqual(2);
        seen.push(...batch);
        after = batch.at(-1)?.position ?? after;
      }
      expect(typesOf(seen)).toEqual(['a.1', 'a.2', 'a.3', 'b.1', 'b.2']);
      expect(await ctx.store.readAll({ after })).toEqual([]);
    });

    it('filters by type, applying limit to the matching events', async () => {
      await ctx.store.append('a', [newEvent('x'), newEvent('y'), newEvent('x'), newEvent('z')]);
      await ctx.store.append('b', [newEvent('y'), newEvent('x')]);
      const log = await readWholeLog(ctx.store, 6);
      const xs = await ctx.store.readAll({ types: ['x'] });
      expect(xs.map((e) => [e.streamId, e.streamVersion])).toEqual([
        ['a', 1],
        ['a', 3],
        ['b', 2],
      ]);
      expect(typesOf(await ctx.store.readAll({ types: ['x', 'z'], limit: 3 }))).toEqual([
        'x',
        'x',
        'z',
      ]);
      const afterFirstX = await ctx.store.readAll({ types: ['y'], after: log[0].position });
      expect(afterFirstX.map((e) => e.streamId)).toEqual(['a', 'b']);
      expect(await ctx.store.readAll({ types: ['unknown'] })).toEqual([]);
      expect(await ctx.store.readAll({ types: [] })).toEqual([]);
    });

    it('filters by stream type, alone and combined with types', async () => {
      await ctx.store.append('o-1', [newEvent('created'), newEvent('x')], { streamType: 'Order' });
      await ctx.store.append('c-1', [newEvent('created')], { streamType: 'Customer' });
      await ctx.store.append('u-1', [newEvent('created')]);
      await ctx.store.append('o-2', [newEvent('created')], { streamType: 'Order' });
      const log = await readWholeLog(ctx.store, 5);
      expect(log.map((e) => e.streamType)).toEqual([
        'Order',
        'Order',
        'Customer',
        undefined,
        'Order',
      ]);
      const streamsOf = (events: readonly StoredEvent[]) => events.map((e) => e.streamId);
      expect(streamsOf(await ctx.store.readAll({ streamTypes: ['Order'] }))).toEqual([
        'o-1',
        'o-1',
        'o-2',
      ]);
      expect(
        streamsOf(
          await ctx.store.readAll({ streamTypes: ['Order', 'Customer'], types: ['created'] }),
        ),
      ).toEqual(['o-1', 'c-1', 'o-2']);
      expect(
        streamsOf(
          await ctx.store.readAll({ streamTypes: ['Order'], limit: 1, after: log[1].position }),
        ),
      ).toEqual(['o-2']);
      expect(await ctx.store.readAll({ streamTypes: [] })).toEqual([]);
      expect(await ctx.store.readAll({ streamTypes: ['Unknown'] })).toEqual([]);
    });

    const invalid: [string, ReadAllOptions][] = [
      ['limit 0', { limit: 0 }],
      ['a fractional limit', { limit: 2.5 }],
      ['a malformed checkpoint', { after: { transactionId: 'x', globalPosition: '1' } }],
      ['a negative checkpoint', { after: { transactionId: '-1', globalPosition: '1' } }],
      ['an empty type name', { types: [''] }],
      ['an empty stream type name', { streamTypes: [''] }],
      ['a stream type list that is not an array', { streamTypes: 'Order' as never }],
    ];
    it.each(invalid)('rejects %s with VALIDATION_FAILED', async (_, options) => {
      const error = await rejectionOf(ctx.store.readAll(options));
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });

  describe('readAll under concurrent writers (gap safety)', () => {
    it('hands a checkpointing reader every event exactly once, never going backwards', async () => {
      const writers = 12;
      const appendsPerWriter = 5;
      const sizeOf = (w: number, k: number) => ((w + k) % 3) + 1;
      let total = 0;
      for (let w = 0; w < writers; w++) {
        for (let k = 0; k < appendsPerWriter; k++) total += sizeOf(w, k);
      }

      let writing = true;
      const appended: string[] = [];
      const write = Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let k = 0; k < appendsPerWriter; k++) {
            const result = await ctx.store.append(`gap-${w}`, newEvents(sizeOf(w, k), `w${w}`));
            appended.push(...result.events.map((e) => e.eventId));
          }
        }),
      ).finally(() => {
        writing = false;
      });

      const seen: StoredEvent[] = [];
      const regressions: string[] = [];
      const read = (async () => {
        let after: LogPosition | null = LOG_START;
        const deadline = Date.now() + 10_000;
        while ((writing || seen.length < total) && Date.now() < deadline) {
          const batch = await ctx.store.readAll({ after, limit: 7 });
          for (const event of batch) {
            if (compareLogPositions(event.position, after) <= 0) regressions.push(event.eventId);
            seen.push(event);
            after = event.position;
          }
          if (batch.length === 0) await flushAsync();
        }
        return after;
      })();

      const [, checkpoint] = await Promise.all([write, read]);
      expect(regressions).toEqual([]);
      expect(seen).toHaveLength(total);
      expect(new Set(seen.map((e) => e.eventId))).toEqual(new Set(appended));
      for (let w = 0; w < writers; w++) {
        const versions = seen.filter((e) => e.streamId === `gap-${w}`).map((e) => e.streamVersion);
        expect(versions).toEqual(versions.map((_, i) => i + 1));
      }
      expect(await ctx.store.readAll({ after: checkpoint })).toEqual([]);
    }, 20_000);
  });
}
