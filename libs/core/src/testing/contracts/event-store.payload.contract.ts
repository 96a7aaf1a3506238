import { describe, expect, it } from '@jest/globals';
import { rejectionOf } from './contract-helpers.js';
import {
  collect,
  newEvent,
  readWholeLog,
  type EventStoreContractContext,
} from './event-store.contract-support.js';

/** Data of exactly `bytes` UTF-8 bytes as JSON, using 2-byte characters where it can. */
function dataOfSize(bytes: number): Record<string, unknown> {
  const frame = JSON.stringify({ s: '' }).length; // {"s":""}
  const payload = bytes - frame;
  return { s: 'é'.repeat(Math.floor(payload / 2)) + 'x'.repeat(payload % 2) };
}

function circular(): Record<string, unknown> {
  const node: Record<string, unknown> = { name: 'loop' };
  node.self = { back: node };
  return node;
}

/** Contract of payload checks: JSON-only data and metadata, and the size limit. */
export function eventStorePayloadContract(
  ctx: EventStoreContractContext,
  maxPayloadBytes: number,
): void {
  describe('payload checks', () => {
    const notJson: [string, Record<string, unknown>][] = [
      ['a function', { callback: () => 1 }],
      ['a BigInt', { amount: BigInt(10) }],
      ['a symbol', { tag: Symbol('x') }],
      ['NaN', { ratio: Number.NaN }],
      ['Infinity', { nested: { ratio: Number.POSITIVE_INFINITY } }],
      ['a circular reference', circular()],
      ['a Date', { at: new Date('2025-01-01T00:00:00Z') }],
      ['a Map', { map: new Map([['a', 1]]) }],
      [
        'a class instance',
        {
          value: new (class Money {
            amount = 1;
          })(),
        },
      ],
      ['an undefined array item', { list: [1, undefined, 3] }],
      ['U+0000 in a string', { text: 'a\u0000b' }],
      ['an unpaired surrogate', { text: 'a\uD800b' }],
    ];
    it.each(notJson)(
      'rejects data with %s with VALIDATION_FAILED and writes nothing',
      async (_, data) => {
        const error = await rejectionOf(
          ctx.store.append('s', [newEvent('ok'), newEvent('bad', { data })]),
        );
        expect(error).toMatchObject({
          code: 'VALIDATION_FAILED',
          issues: [expect.objectContaining({ path: expect.stringMatching(/^events\.1\.data/) })],
        });
        expect(await ctx.store.streamVersion('s')).toBe(0);
        expect(await ctx.store.readAll()).toEqual([]);
      },
    );

    it('rejects metadata that is not plain JSON', async () => {
      const error = await rejectionOf(
        ctx.store.append('s', [newEvent('bad', { metadata: { seenAt: new Date() } })]),
      );
      expect(error).toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ path: 'events.0.metadata.seenAt' })],
      });
      expect(await ctx.store.streamVersion('s')).toBe(0);
    });

    it('drops undefined object properties, as JSON does', async () => {
      await ctx.store.append('s', [newEvent('a', { data: { kept: 1, dropped: undefined } })]);
      const [read] = await collect(ctx.store.readStream('s'));
      expect(Object.keys(read.data)).toEqual(['kept']);
    });

    it('accepts data of exactly maxPayloadBytes (UTF-8) and rejects one byte more', async () => {
      const fits = dataOfSize(maxPayloadBytes);
      await ctx.store.append('s', [newEvent('fits', { data: fits })]);
      const [read] = await collect(ctx.store.readStream('s'));
      expect(read.data).toEqual(fits);

      const error = await rejectionOf(
        ctx.store.append('t', [
          newEvent('ok'),
          newEvent('big', { data: dataOfSize(maxPayloadBytes + 1) }),
        ]),
      );
      expect(error).toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ path: 'events.1.data', rule: 'maxBytes' })],
      });
      expect(await ctx.store.streamVersion('t')).toBe(0);
      expect(await readWholeLog(ctx.store, 1)).toHaveLength(1);
    });

    it('keeps non-ASCII text intact', async () => {
      const data = { text: 'Zoë → 東京 ✓ 𝄞 emoji 🎉', keyed: { 'clé ✓': true } };
      await ctx.store.append('s', [newEvent('a', { data })]);
      const [read] = await collect(ctx.store.readStream('s'));
      expect(read.data).toEqual(data);
    });
  });
}
