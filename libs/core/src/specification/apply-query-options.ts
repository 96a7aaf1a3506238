import { isPlainObject } from '../domain/structural-equality.js';
import { cursorValuesOf, encodeCursor, sortValueOf } from './query-cursor.js';
import {
  type NormalizedQuery,
  type NormalizedSortField,
  type Page,
  type QueryOptions,
  normalizeQueryOptions,
} from './query-options.js';
import { compareSortValues } from './scalar-order.js';
import { evaluate } from './specification.evaluator.js';

/**
 * Runs `options` over in-memory `rows` (filter, cursor, sort, offset, limit, projection) with
 * exactly the semantics database adapters must reproduce. Throws a `ValidationError` for
 * invalid options or cursors.
 */
export function applyQueryOptions<T extends object>(
  rows: Iterable<T>,
  options: QueryOptions<T> = {},
  tieBreaker = 'id',
): Page<T> {
  const query = normalizeQueryOptions(options, tieBreaker);
  const selected = [...rows].filter(
    (row) =>
      (!query.filter || evaluate(query.filter, row)) &&
      (!query.after || evaluate(query.after, row)),
  );
  selected.sort(compareRows(query.sort));
  const end = query.limit === undefined ? undefined : query.offset + query.limit + 1;
  return toPage(selected.slice(query.offset, end), query);
}

/** Orders rows by `sort` (see {@link QueryOptions} for null and cross-type order). */
export function compareRows(
  sort: readonly NormalizedSortField[],
): (a: unknown, b: unknown) => number {
  return (a, b) => {
    for (const { field, direction } of sort) {
      const order = compareSortValues(sortValueOf(a, field), sortValueOf(b, field));
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return 0;
  };
}

/**
 * Turns the rows an adapter fetched for `query` (already filtered, ordered and offset, at most
 * `limit + 1` of them) into a page: keeps `limit` rows, derives `nextCursor` from the last kept
 * row when more exist, and applies the `fields` projection.
 */
export function toPage<T>(rows: readonly T[], query: NormalizedQuery): Page<T> {
  const hasMore = query.limit !== undefined && rows.length > query.limit;
  const kept = hasMore ? rows.slice(0, query.limit) : [...rows];
  const last = kept.at(-1);
  const nextCursor =
    hasMore && last !== undefined ? encodeCursor(cursorValuesOf(last, query.sort), query) : null;
  const fields = query.fields;
  const items = fields
    ? kept.map((row) => projectFields(row, [query.tieBreaker, ...fields]))
    : kept;
  return { items, nextCursor };
}

/**
 * A copy of `document` holding only `paths`. A path through an array keeps, for each element
 * that is an object, the selected properties (`items.productId` → `items: [{ productId }]`).
 */
export function projectFields<T>(document: T, paths: readonly string[]): T {
  return pick(
    document,
    paths.map((path) => path.split('.')),
  ) as T;
}

function pick(source: unknown, paths: readonly string[][]): unknown {
  if (Array.isArray(source)) {
    return source.filter(isPlainObject).map((element) => pick(element, paths));
  }
  if (!isPlainObject(source)) return undefined;
  const result: Record<string, unknown> = {};
  const byKey = new Map<string, string[][]>();
  for (const path of paths) byKey.set(path[0], [...(byKey.get(path[0]) ?? []), path]);
  for (const [key, group] of byKey) {
    if (!Object.hasOwn(source, key)) continue;
    const value = source[key];
    if (group.some((path) => path.length === 1)) {
      result[key] = value;
      continue;
    }
    const picked = pick(
      value,
      group.map((path) => path.slice(1)),
    );
    if (picked !== undefined) result[key] = picked;
  }
  return result;
}
