import { type Page, type QueryOptions, type SortField, applyQueryOptions } from '@cqrs-ddd/core';

/** A read-model row of {@link SORT_ROWS}. */
export type SortRow = { readonly id: string; [key: string]: unknown };

/**
 * Sort values of every kind: numbers, strings, booleans, null, missing, objects, arrays,
 * nested paths, an array index path; ids whose code-point order differs from locale order.
 */
export const SORT_ROWS: SortRow[] = [
  { id: 'a', v: 10, n: { x: 'b' }, items: [{ p: 3 }] },
  { id: 'B', v: '10', n: { x: 'a' }, items: [{ p: 1 }, { p: 0 }] },
  { id: '10', v: true, n: null, items: [] },
  { id: '9', v: null, n: { x: 2 } },
  { id: 'c', n: { x: 'a' }, items: [{ p: 'x' }] },
  { id: 'd', v: { x: 1 }, n: { x: 'b' }, items: [{}] },
  { id: 'e', v: [1, 2], n: { x: true } },
  { id: 'f', v: -2.5, n: { x: 'a' }, items: [{ p: 1 }] },
  { id: 'g', v: false, items: { 0: { p: 2 } } },
  { id: 'h', v: 'Zed', n: { x: 'b' } },
  { id: 'i', v: 10, n: { x: 1 } },
  { id: 'j', v: 'a', n: {} },
];

/** Sorts over {@link SORT_ROWS} that tell BSON order from the in-memory order. */
export const SORTS: [string, SortField[]][] = [
  ['id', []],
  ['id desc', [{ field: 'id', direction: 'desc' }]],
  ['mixed types asc', [{ field: 'v', direction: 'asc' }]],
  ['mixed types desc', [{ field: 'v', direction: 'desc' }]],
  [
    'nested, then mixed',
    [
      { field: 'n.x', direction: 'asc' },
      { field: 'v', direction: 'desc' },
    ],
  ],
  ['array index path', [{ field: 'items.0.p', direction: 'asc' }]],
  ['array index path desc', [{ field: 'items.0.p', direction: 'desc' }]],
];

/** The page the in-memory store returns for `options` over {@link SORT_ROWS}. */
export function inMemoryPage(options: QueryOptions): Page<SortRow> {
  return applyQueryOptions<SortRow>(SORT_ROWS, options as QueryOptions<SortRow>);
}
