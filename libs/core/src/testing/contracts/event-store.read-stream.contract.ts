import { beforeEach, describe, expect, it } from '@jest/globals';
import type { ReadStreamOptions } from '../../ports/event-store.port.js';
import { rejectionOf } from './contract-helpers.js';
import {
  collect,
  newEvent,
  readWholeLog,
  type EventStoreContractContext,
} from './event-store.contract-support.js';

/** Contract of `EventStore.readStream`: ranges, directions, limits, validation. */
export function eventStoreReadStreamContract(ctx: EventStoreContractContext): void {
  describe('readStream', () => {
    beforeEach(async () => {
      // Five events in "s", interleaved with another stream's events.
      for (let version = 1; version <= 5; version++) {
        await ctx.store.append('s', [newEvent(`s.${version}`)]);
        await ctx.store.append('other', [newEvent(`other.${version}`)]);
      }
    });

    const versionsOf = async (options?: ReadStreamOptions, streamId = 's') =>
      (await collect(ctx.store.readStream(streamId, options))).map((e) => e.streamVersion);

    it('reads the whole stream forward by default, and only that stream', async () => {
      const events = await collect(ctx.store.readStream('s'));
      expect(events.map((e) => [e.streamId, e.streamVersion, e.type])).toEqual(
        [1, 2, 3, 4, 5].map((v) => ['s', v, `s.${v}`]),
      );
    });

    const cases: [string, ReadStreamOptions, number[]][] = [
      ['an inclusive version range', { fromVersion: 2, toVersion: 4 }, [2, 3, 4]],
      ['from a version to the end', { fromVersion: 4 }, [4, 5]],
      ['up to a version', { toVersion: 2 }, [1, 2]],
      ['maxCount from the start', { maxCount: 2 }, [1, 2]],
      ['maxCount 0', { maxCount: 0 }, []],
      ['maxCount above the length', { maxCount: 50 }, [1, 2, 3, 4, 5]],
      ['a range starting past the end', { fromVersion: 6 }, []],
      ['a range ending past the end', { fromVersion: 3, toVersion: 99 }, [3, 4, 5]],
      ['a range ending before it starts', { fromVersion: 4, toVersion: 3 }, []],
      ['toVersion 0', { toVersion: 0 }, []],
      ['backward', { direction: 'backward' }, [5, 4, 3, 2, 1]],
      ['backward, latest only', { direction: 'backward', maxCount: 1 }, [5]],
      [
        'backward within a range',
        { direction: 'backward', fromVersion: 2, toVersion: 4 },
        [4, 3, 2],
      ],
      [
        'backward within a range with maxCount',
        { direction: 'backward', fromVersion: 2, toVersion: 4, maxCount: 2 },
        [4, 3],
      ],
      ['forward explicitly', { direction: 'forward', fromVersion: 5 }, [5]],
    ];
    it.each(cases)('reads %s', async (_, options, expected) => {
      expect(await versionsOf(options)).toEqual(expected);
    });

    it('yields nothing for a stream that does not exist', async () => {
      expect(await versionsOf(undefined, 'missing')).toEqual([]);
      expect(await versionsOf({ direction: 'backward' }, 'missing')).toEqual([]);
    });

    it('returns the same events, with the same positions, as readAll', async () => {
      const fromStream = await collect(ctx.store.readStream('s'));
      const fromLog = (await readWholeLog(ctx.store, 10)).filter((e) => e.streamId === 's');
      expect(fromStream).toEqual(fromLog);
    });

    it('sees events appended after an earlier read', async () => {
      expect(await versionsOf({ fromVersion: 5 })).toEqual([5]);
      await ctx.store.append('s', [newEvent('s.6')]);
      expect(await versionsOf({ fromVersion: 5 })).toEqual([5, 6]);
    });

    const invalid: [string, ReadStreamOptions][] = [
      ['fromVersion 0', { fromVersion: 0 }],
      ['a fractional fromVersion', { fromVersion: 1.5 }],
      ['a negative toVersion', { toVersion: -1 }],
      ['a negative maxCount', { maxCount: -1 }],
      ['an unknown direction', { direction: 'sideways' as never }],
    ];
    it.each(invalid)('rejects %s with VALIDATION_FAILED', async (_, options) => {
      const error = await rejectionOf(collect(ctx.store.readStream('s', options)));
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('rejects an empty stream id with VALIDATION_FAILED', async () => {
      const error = await rejectionOf(collect(ctx.store.readStream('')));
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
}
