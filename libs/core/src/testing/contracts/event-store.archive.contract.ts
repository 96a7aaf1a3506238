import { describe, expect, it } from '@jest/globals';
import { rejectionOf } from './contract-helpers.js';
import {
  collect,
  newEvent,
  newEvents,
  readWholeLog,
  type EventStoreContractContext,
} from './event-store.contract-support.js';

/** Contract of `EventStore.archiveStream`: tombstones that refuse reads and appends. */
export function eventStoreArchiveContract(ctx: EventStoreContractContext): void {
  describe('archiveStream', () => {
    it('refuses appends and stream reads afterwards, with STREAM_ARCHIVED', async () => {
      await ctx.store.append('s', newEvents(2));
      await ctx.store.archiveStream('s');
      const append = await rejectionOf(ctx.store.append('s', [newEvent('late')]));
      expect(append).toBeInstanceOf(Error);
      expect(append).toMatchObject({ code: 'STREAM_ARCHIVED', streamId: 's' });
      await expect(ctx.store.append('s', [])).rejects.toMatchObject({ code: 'STREAM_ARCHIVED' });
      const read = await rejectionOf(collect(ctx.store.readStream('s')));
      expect(read).toMatchObject({ code: 'STREAM_ARCHIVED', streamId: 's' });
      await expect(
        collect(ctx.store.readStream('s', { direction: 'backward', maxCount: 1 })),
      ).rejects.toMatchObject({ code: 'STREAM_ARCHIVED' });
      expect(await ctx.store.streamVersion('s')).toBe(2);
    });

    it("keeps the archived stream's events in the global log", async () => {
      await ctx.store.append('s', newEvents(2, 's'));
      await ctx.store.append('other', [newEvent('other.1')]);
      await ctx.store.archiveStream('s');
      const log = await readWholeLog(ctx.store, 3);
      expect(log.map((e) => e.type)).toEqual(['s.1', 's.2', 'other.1']);
    });

    it('writes nothing to any stream when one batch of appendToStreams targets an archived one', async () => {
      await ctx.store.append('archived', [newEvent()]);
      await ctx.store.archiveStream('archived');
      await expect(
        ctx.store.appendToStreams([
          { streamId: 'a', events: [newEvent('a')] },
          { streamId: 'archived', events: [newEvent('x')] },
        ]),
      ).rejects.toMatchObject({ code: 'STREAM_ARCHIVED', streamId: 'archived' });
      expect(await ctx.store.streamVersion('a')).toBe(0);
      expect(await readWholeLog(ctx.store, 1)).toHaveLength(1);
    });

    it('leaves other streams readable and writable', async () => {
      await ctx.store.append('s', [newEvent()]);
      await ctx.store.append('t', [newEvent()]);
      await ctx.store.archiveStream('s');
      await ctx.store.append('t', [newEvent()], { expectedVersion: 1 });
      expect(await collect(ctx.store.readStream('t'))).toHaveLength(2);
    });

    it('is idempotent', async () => {
      await ctx.store.append('s', [newEvent()]);
      await ctx.store.archiveStream('s');
      await expect(ctx.store.archiveStream('s')).resolves.toBeUndefined();
      await expect(ctx.store.append('s', [newEvent()])).rejects.toMatchObject({
        code: 'STREAM_ARCHIVED',
      });
    });

    it('checks expectedVersion and archives nothing on a mismatch', async () => {
      await ctx.store.append('s', newEvents(2));
      await expect(ctx.store.archiveStream('s', { expectedVersion: 1 })).rejects.toMatchObject({
        code: 'CONCURRENCY_CONFLICT',
        streamId: 's',
        expected: 1,
        actual: 2,
      });
      await ctx.store.append('s', [newEvent()], { expectedVersion: 2 });
      await ctx.store.archiveStream('s', { expectedVersion: 3 });
      await expect(collect(ctx.store.readStream('s'))).rejects.toMatchObject({
        code: 'STREAM_ARCHIVED',
      });
    });

    it('rejects a missing stream with NOT_FOUND and an empty id with VALIDATION_FAILED', async () => {
      await expect(ctx.store.archiveStream('missing')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(ctx.store.append('missing', [newEvent()])).resolves.toMatchObject({
        streamVersion: 1,
      });
      await expect(ctx.store.archiveStream('')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(
        ctx.store.archiveStream('missing', { expectedVersion: -1 }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('lets exactly one of concurrent appends and an archive with the same expectedVersion win', async () => {
      await ctx.store.append('s', [newEvent()]);
      const outcomes = await Promise.allSettled([
        ctx.store.archiveStream('s', { expectedVersion: 1 }),
        ctx.store.append('s', [newEvent('racer')], { expectedVersion: 1 }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const archived = outcomes[0].status === 'fulfilled';
      expect(await ctx.store.streamVersion('s')).toBe(archived ? 1 : 2);
    });
  });
}
