import { type ValidationIssue, ValidationError } from '../errors/validation.error.js';
import type { FieldPath } from './field-path.js';
import { cursorAfterSpecification, decodeCursor } from './query-cursor.js';
import { type SpecInput, toSpecification } from './spec-input.js';
import type { Specification } from './specification.types.js';

/** Sort direction. */
export type SortDirection = 'asc' | 'desc';

/** One sort key. */
export interface SortField<T = unknown> {
  /** Dotted path of a scalar field (sorting by arrays or objects is not defined). */
  readonly field: FieldPath<T>;
  readonly direction: SortDirection;
}

/**
 * A query against a collection of documents.
 *
 * Sorting: values of one type plus `null`/missing per sort field; `null`/missing sort first in
 * ascending order and last in descending order. Rows always end up ordered by the tie-breaker
 * (`id`, ascending) after the given keys, so the order is total and pages are stable.
 */
export interface QueryOptions<T = unknown> {
  /** Only documents matching this specification. @default all documents */
  readonly filter?: SpecInput;
  /** Sort keys, most significant first. @default [] (by the tie-breaker, `id` ascending) */
  readonly sort?: readonly SortField<T>[];
  /** Page size, a positive integer. @default no limit */
  readonly limit?: number;
  /** Rows to skip; cannot be combined with `cursor`. @default 0 */
  readonly offset?: number;
  /**
   * Opaque `nextCursor` of the previous page of the same query (same filter and sort): the page
   * starts right after the row it was taken from, so rows inserted meanwhile neither shift nor
   * repeat rows. A cursor of another query, or altered, is rejected with a `ValidationError`.
   * @default the first page
   */
  readonly cursor?: string;
  /**
   * Return only these paths (and the tie-breaker `id`); paths through arrays keep the matching
   * property of each element. @default whole documents
   */
  readonly fields?: readonly FieldPath<T>[];
}

/** One page of results. */
export interface Page<T> {
  readonly items: T[];
  /** Cursor of the next page, or `null` when this page is the last. */
  readonly nextCursor: string | null;
}

/** Plain-string sort key after normalisation. */
export interface NormalizedSortField {
  readonly field: string;
  readonly direction: SortDirection;
}

/**
 * {@link QueryOptions} checked and made explicit for adapters: fetch the rows matching
 * `filter` AND `after`, ordered by `sort`, skipping `offset`, at most `limit + 1` of them, and
 * hand them to `toPage`.
 */
export interface NormalizedQuery {
  readonly filter?: Specification;
  /** The requested keys followed by the tie-breaker (unless already present). */
  readonly sort: readonly NormalizedSortField[];
  /** Keyset condition "strictly after the cursor row"; absent on the first page. */
  readonly after?: Specification;
  readonly limit?: number;
  readonly offset: number;
  readonly fields?: readonly string[];
  /** The tie-breaker field (`id`). */
  readonly tieBreaker: string;
}

/** The sort keys with the tie-breaker appended (ascending) unless the caller sorts by it. */
export function normalizeSort(
  sort: readonly SortField[] | readonly NormalizedSortField[] = [],
  tieBreaker = 'id',
): NormalizedSortField[] {
  const keys = sort.map(({ field, direction }) => ({ field: field as string, direction }));
  return keys.some((key) => key.field === tieBreaker)
    ? keys
    : [...keys, { field: tieBreaker, direction: 'asc' }];
}

/**
 * Validates `options` (limit, offset, sort, fields, cursor) and resolves the cursor into a
 * keyset condition. Throws a `ValidationError` listing every invalid option.
 */
export function normalizeQueryOptions<T>(
  options: QueryOptions<T> = {},
  tieBreaker = 'id',
): NormalizedQuery {
  const issues: ValidationIssue[] = [];
  const { limit, offset = 0, cursor } = options;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) {
    issues.push({ path: 'limit', message: 'must be a positive integer', rule: 'isPositiveInt' });
  }
  if (!(Number.isSafeInteger(offset) && offset >= 0)) {
    issues.push({ path: 'offset', message: 'must be a non-negative integer', rule: 'isInt' });
  }
  if (cursor !== undefined && offset !== 0) {
    issues.push({ path: 'offset', message: 'cannot be combined with a cursor', rule: 'exclusive' });
  }
  const sort = normalizeSort(options.sort as readonly SortField[] | undefined, tieBreaker);
  sort.forEach(({ field, direction }, i) => {
    if (typeof field !== 'string' || field.split('.').some((s) => s.length === 0)) {
      issues.push({
        path: `sort.${i}.field`,
        message: 'must be a dotted path',
        rule: 'isFieldPath',
      });
    }
    if (direction !== 'asc' && direction !== 'desc') {
      issues.push({
        path: `sort.${i}.direction`,
        message: 'must be "asc" or "desc"',
        rule: 'isIn',
      });
    }
  });
  const fields = options.fields as readonly string[] | undefined;
  fields?.forEach((field, i) => {
    if (typeof field !== 'string' || field.split('.').some((s) => s.length === 0)) {
      issues.push({ path: `fields.${i}`, message: 'must be a dotted path', rule: 'isFieldPath' });
    }
  });
  const filter = options.filter === undefined ? undefined : toSpecification(options.filter);
  let after: Specification | undefined;
  if (cursor !== undefined && issues.length === 0) {
    try {
      after = cursorAfterSpecification(sort, decodeCursor(cursor, { sort, filter }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { filter, sort, after, limit, offset, fields, tieBreaker };
}
