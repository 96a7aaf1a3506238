import { describe, expect, it } from '@jest/globals';
import { isValidationError } from '../errors/validation.error.js';
import { applyQueryOptions, projectFields, toPage } from './apply-query-options.js';
import { normalizeQueryOptions, normalizeSort, type QueryOptions } from './query-options.js';
import { where } from './spec.builder.js';

interface Row {
  id: string;
  score: number | null;
  tag?: string;
}

const rows: Row[] = Array.from({ length: 17 }, (_, i) => ({
  id: `r${String(16 - i).padStart(2, '0')}`,
  score: i % 5 === 0 ? null : i % 3,
  ...(i % 2 === 0 ? { tag: 'even' } : {}),
}));

function pages(options: QueryOptions<Row>) {
  const result = [applyQueryOptions(rows, options)];
  while (result.at(-1)?.nextCursor) {
    result.push(applyQueryOptions(rows, { ...options, cursor: result.at(-1)?.nextCursor ?? '' }));
  }
  return result;
}

describe('applyQueryOptions', () => {
  it('returns every row by id without options', () => {
    const { items, nextCursor } = applyQueryOptions(rows);
    expect(items.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort());
    expect(nextCursor).toBeNull();
  });

  it.each([
    [[{ field: 'score', direction: 'asc' }]],
    [[{ field: 'score', direction: 'desc' }]],
    [
      [
        { field: 'tag', direction: 'desc' },
        { field: 'score', direction: 'asc' },
      ],
    ],
  ] as const)('pages through all rows exactly once: %j', (sort) => {
    const all = applyQueryOptions(rows, { sort }).items.map((r) => r.id);
    for (const limit of [1, 2, 4, 16, 17, 50]) {
      const result = pages({ sort, limit });
      expect(result.flatMap((page) => page.items.map((r) => r.id))).toEqual(all);
      expect(result.length).toBe(Math.max(1, Math.ceil(all.length / limit)));
    }
  });

  it('filters, offsets and limits', () => {
    const page = applyQueryOptions(rows, {
      filter: where<Row>('tag').eq('even'),
      sort: [{ field: 'id', direction: 'asc' }],
      offset: 2,
      limit: 3,
    });
    const even = rows
      .filter((r) => r.tag)
      .map((r) => r.id)
      .sort();
    expect(page.items.map((r) => r.id)).toEqual(even.slice(2, 5));
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('collects every invalid option into one ValidationError', () => {
    let error: unknown;
    try {
      applyQueryOptions(rows, {
        limit: 0,
        offset: -1,
        sort: [{ field: 'a..b' as never, direction: 'up' as 'asc' }],
        fields: ['' as never],
      });
    } catch (caught) {
      error = caught;
    }
    expect(isValidationError(error) && error.issues.map((issue) => issue.path)).toEqual([
      'limit',
      'offset',
      'sort.0.field',
      'sort.0.direction',
      'fields.0',
    ]);
  });

  it('rejects offset together with a cursor', () => {
    const { nextCursor } = applyQueryOptions(rows, { limit: 1 });
    expect(() => applyQueryOptions(rows, { cursor: nextCursor ?? '', offset: 1 })).toThrow(
      /offset/,
    );
  });

  it('projects fields, keeping the tie-breaker', () => {
    const page = applyQueryOptions(rows, { fields: ['tag'], limit: 2 });
    expect(page.items).toEqual([{ id: 'r00', tag: 'even' }, { id: 'r01' }]);
  });
});

describe('normalizeQueryOptions', () => {
  it('appends the tie-breaker unless the sort has it', () => {
    expect(normalizeQueryOptions({}).sort).toEqual([{ field: 'id', direction: 'asc' }]);
    expect(normalizeSort([{ field: 'id', direction: 'desc' }])).toEqual([
      { field: 'id', direction: 'desc' },
    ]);
    expect(normalizeQueryOptions({}, 'key').sort).toEqual([{ field: 'key', direction: 'asc' }]);
  });

  it('turns a cursor into a keyset condition', () => {
    const { nextCursor } = applyQueryOptions(rows, { limit: 1 });
    expect(normalizeQueryOptions({ cursor: nextCursor ?? '' }).after).toEqual({
      op: 'gt',
      field: 'id',
      value: 'r00',
    });
  });
});

describe('toPage', () => {
  it('keeps at most limit rows and gives a cursor only when there are more', () => {
    const query = normalizeQueryOptions({ limit: 2 });
    expect(toPage([{ id: 'a' }, { id: 'b' }], query).nextCursor).toBeNull();
    const page = toPage([{ id: 'a' }, { id: 'b' }, { id: 'c' }], query);
    expect(page.items).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(normalizeQueryOptions({ limit: 2, cursor: page.nextCursor ?? '' }).after).toEqual({
      op: 'gt',
      field: 'id',
      value: 'b',
    });
  });
});

describe('projectFields', () => {
  it('keeps nested and per-element paths, skipping what is missing', () => {
    const document = {
      id: 'o1',
      customer: { name: 'Ada', address: { city: 'Paris', zip: '75001' } },
      items: [{ productId: 'p1', quantity: 2 }, 'not an object', { quantity: 1 }],
      note: null,
    };
    expect(
      projectFields(document, [
        'customer.address.city',
        'items.productId',
        'note',
        'missing.path',
        'note.x',
      ]),
    ).toEqual({
      customer: { address: { city: 'Paris' } },
      items: [{ productId: 'p1' }, {}],
      note: null,
    });
  });

  it('keeps a whole subtree when both it and a path inside it are asked for', () => {
    const document = { id: 'o1', customer: { name: 'Ada', city: 'Paris' } };
    expect(projectFields(document, ['customer', 'customer.name'])).toEqual({
      customer: document.customer,
    });
  });
});
