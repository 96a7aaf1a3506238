import { ValidationError } from '../errors/validation.error.js';

type Leaf = string | number | boolean | bigint | symbol | Date | null | undefined;
/** Remaining nesting depth; bounds the recursion of {@link FieldPath}. */
type Depth = [never, 0, 1, 2, 3, 4];

type ArraySubPaths<E, D extends number> = E extends Leaf
  ? `${number}`
  : `${number}` | PathsOf<E, D> | `${number}.${PathsOf<E, D>}`;

type SubPaths<V, D extends number> = V extends Leaf
  ? never
  : V extends readonly (infer E)[]
    ? ArraySubPaths<E, D>
    : PathsOf<V, D>;

type PathsOf<T, D extends number> = [D] extends [never]
  ? never
  : unknown extends T
    ? string
    : T extends Leaf
      ? never
      : {
          [K in keyof T & string]-?: K | `${K}.${SubPaths<NonNullable<T[K]>, Depth[D]>}`;
        }[keyof T & string];

/**
 * Dotted paths into `T`, checked by the compiler: `'status'`, `'customer.address.city'`,
 * `'items.productId'` (any element of `items`) or `'items.0.productId'` (the first one).
 * Without a model type (`unknown`/`any`) any string is accepted. Five levels deep at most.
 */
export type FieldPath<T> = PathsOf<T, 5>;

/** Splits a dotted path, rejecting empty segments (`a..b`, `.a`, `''`). */
export function splitFieldPath(path: string, issuePath = 'field'): string[] {
  const segments = typeof path === 'string' ? path.split('.') : [];
  if (segments.length === 0 || segments.some((s) => s.length === 0)) {
    throw ValidationError.of(
      issuePath,
      `must be a dotted field path like "customer.address.city", got ${JSON.stringify(path)}`,
      'isFieldPath',
    );
  }
  return segments;
}

/** Dates become their canonical ISO-8601 UTC text (invalid dates become `null`). */
export function normalizeValue(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return value;
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * The values a path reaches inside `target`, before any leaf array is expanded.
 *
 * - Each segment is looked up as an own property (never through the prototype chain).
 * - An array met before the last segment fans out: each element is followed (any-element
 *   semantics); a numeric segment (`items.0`) instead selects that index.
 * - A missing property, or `null`/a scalar where an object is needed, yields one `undefined`.
 * - Fanning out over an empty array yields no value at all.
 */
export function resolveFieldPath(target: unknown, path: string | readonly string[]): unknown[] {
  const segments = typeof path === 'string' ? splitFieldPath(path) : path;
  let current: unknown[] = [target];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        if (INDEX.test(segment)) next.push(value[Number(segment)]);
        else for (const element of value) next.push(property(element, segment));
      } else {
        next.push(property(value, segment));
      }
    }
    current = next;
  }
  return current.map(normalizeValue);
}

function property(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}
