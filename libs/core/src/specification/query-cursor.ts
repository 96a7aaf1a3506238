import { ValidationError } from '../errors/validation.error.js';
import { resolveFieldPath } from './field-path.js';
import type { NormalizedSortField } from './query-options.js';
import { isSpecScalar } from './specification.validator.js';
import type { SpecScalar, Specification } from './specification.types.js';

/** The sort-key values of a row, one per normalised sort field (tie-breaker last). */
export type CursorValues = readonly (SpecScalar | null)[];

/** What a cursor is bound to: the query it pages through. */
export interface CursorQuery {
  readonly sort: readonly NormalizedSortField[];
  readonly filter?: Specification;
}

const VERSION = 1;
const MAX_CURSOR_LENGTH = 4096;

/**
 * The value a row sorts by for `field`: the scalar at that path, or `null` when the path is
 * missing, null, or reaches an array, an object or several values.
 */
export function sortValueOf(row: unknown, field: string): SpecScalar | null {
  const reached = resolveFieldPath(row, field);
  return reached.length === 1 && isSpecScalar(reached[0]) ? reached[0] : null;
}

/** The cursor values of `row` for `sort`. */
export function cursorValuesOf(row: unknown, sort: readonly NormalizedSortField[]): CursorValues {
  return sort.map(({ field }) => sortValueOf(row, field));
}

/**
 * Encodes the sort-key values of the last row of a page as an opaque, URL-safe cursor
 * (base64url JSON). It carries a checksum over the values and the query (sort and filter), so
 * `decodeCursor` rejects cursors that were altered or that belong to another query. The
 * checksum is not a secret signature: a forged cursor can only pick a starting point, which
 * the query and the store's tenant scope already confine.
 */
export function encodeCursor(values: CursorValues, query: CursorQuery): string {
  const payload = { v: VERSION, k: values, h: checksum(values, query) };
  return toBase64Url(JSON.stringify(payload));
}

/** Decodes a cursor of `query`; throws a `ValidationError` at path `cursor` otherwise. */
export function decodeCursor(cursor: string, query: CursorQuery): CursorValues {
  const invalid = (reason: string) =>
    ValidationError.of('cursor', `is not a valid cursor for this query (${reason})`, 'isCursor');
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) {
    throw invalid('empty or too long');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(fromBase64Url(cursor));
  } catch {
    throw invalid('not a cursor');
  }
  const { v, k, h } = (payload ?? {}) as { v?: unknown; k?: unknown; h?: unknown };
  if (v !== VERSION || !Array.isArray(k) || typeof h !== 'string') throw invalid('not a cursor');
  const wellFormed =
    k.length === query.sort.length && k.every((value) => value === null || isSpecScalar(value));
  if (!wellFormed || h !== checksum(k as CursorValues, query)) {
    throw invalid('altered, or taken from a query with another filter or sort');
  }
  return k as CursorValues;
}

/**
 * The keyset condition "strictly after the row with these sort values", in the AST, so every
 * adapter compiles it like any filter. With the tie-breaker last the order is total, hence each
 * row is on exactly one page. Assumes one type per sort field (plus null/missing, which sorts
 * first ascending and last descending).
 */
export function cursorAfterSpecification(
  sort: readonly NormalizedSortField[],
  values: CursorValues,
): Specification {
  let after: Specification = { op: 'or', specs: [] };
  for (let i = sort.length - 1; i >= 0; i -= 1) {
    const { field, direction } = sort[i];
    const value = values[i];
    const isNull: Specification = { op: 'isNull', field };
    const beyond: Specification[] =
      value === null
        ? direction === 'asc'
          ? [{ op: 'not', spec: isNull }]
          : []
        : direction === 'asc'
          ? [{ op: 'gt', field, value }]
          : [{ op: 'lt', field, value }, isNull];
    const tie: Specification = value === null ? isNull : { op: 'eq', field, value };
    const rest: Specification[] = isNothing(after) ? [] : [{ op: 'and', specs: [tie, after] }];
    const alternatives: Specification[] = [...beyond, ...rest];
    after = alternatives.length === 1 ? alternatives[0] : { op: 'or', specs: alternatives };
  }
  return after;
}

function isNothing(spec: Specification): boolean {
  return spec.op === 'or' && spec.specs.length === 0;
}

function checksum(values: CursorValues, query: CursorQuery): string {
  return fnv1a64(
    `${canonicalJson(query.sort)}|${canonicalJson(query.filter ?? null)}|${canonicalJson(values)}`,
  );
}

/** JSON with object keys sorted, so equal ASTs built in any key order hash alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i += 1) {
    hash = ((hash ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(36);
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new SyntaxError('not base64url');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
