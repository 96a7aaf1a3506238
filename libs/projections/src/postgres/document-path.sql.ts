import { splitFieldPath, ValidationError } from '@cqrs-ddd/core';
import { rawSql, SQL_FALSE, SQL_TRUE, sql, type SqlFragment } from './sql-fragment.js';

/** How compiled SQL refers to the stored document. */
export interface DocumentSqlOptions {
  /**
   * SQL expression of the JSONB document (trusted SQL text, never user input).
   * @default 'document'
   */
  readonly document?: string;
  /**
   * Field paths whose value is always the document's string stored in a text column too
   * (trusted SQL text), e.g. `{ id: 'd.id' }`: conditions and sort keys on them use the column,
   * hence its index.
   * @default {}
   */
  readonly textColumns?: Readonly<Record<string, string>>;
}

/** A value under test in SQL: a JSONB expression, or a text column always holding a string. */
export interface SqlOperand {
  /**
   * `jsonb`: any JSON value, SQL `NULL` where the path is missing; `text`: a column that
   * always holds a string (never an array, `null` or missing).
   */
  readonly kind: 'jsonb' | 'text';
  /** The value as JSONB. */
  readonly json: SqlFragment;
  /** The value as text (meaningful when it is a string). */
  readonly text: SqlFragment;
  /** Condition "the value is a JSON `type`" (folded to a constant for a text column). */
  isType(type: JsonType): SqlFragment;
}

/** The JSON types of `jsonb_typeof`. */
export type JsonType = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null';

/**
 * The values a field path reaches, as SQL: FROM items that fan out over the arrays met on the
 * way (like `resolveFieldPath`), and the expression of one reached value. With no FROM items
 * the path reaches exactly one value (possibly missing).
 */
export interface ReachedValues {
  /** Set-returning FROM items, each possibly referring to the previous ones. */
  readonly from: readonly SqlFragment[];
  /** The reached value. */
  readonly operand: SqlOperand;
}

const INDEX = /^(0|[1-9][0-9]*)$/;
const MAX_INT4 = 2 ** 31 - 1;

/**
 * Compiles `path` as core's `resolveFieldPath` walks it: the first segment is a property of
 * the document (an object); after it, an array fans out (each element's property is followed)
 * unless the segment is an index, which selects that element of an array or that property of
 * an object. A missing property yields SQL `NULL` ("undefined"); an empty array yields no row.
 * @throws ValidationError at `issuePath` for an empty segment or a NUL character.
 */
export function reachSql(
  path: string,
  options: DocumentSqlOptions,
  issuePath = 'field',
): ReachedValues {
  const column = options.textColumns?.[path];
  if (column !== undefined) return { from: [], operand: textColumnOperand(rawSql(column)) };
  const [first, ...rest] = fieldSegments(path, issuePath);
  let value = sql`${rawSql(options.document ?? 'document')} -> ${first}::text`;
  const from: SqlFragment[] = [];
  rest.forEach((segment, i) => {
    const alias = rawSql(`p${i + 1}`);
    if (INDEX.test(segment)) {
      const index = Number(segment) <= MAX_INT4 ? sql`${value} -> ${Number(segment)}::int` : null;
      from.push(sql`LATERAL (VALUES (CASE jsonb_typeof(${value})
        WHEN 'array' THEN ${index ?? rawSql('NULL::jsonb')}
        WHEN 'object' THEN ${value} -> ${segment}::text END)) AS ${alias}(v)`);
      value = sql`${alias}.v`;
    } else {
      from.push(sql`jsonb_array_elements(CASE WHEN jsonb_typeof(${value}) = 'array'
        THEN ${value} ELSE jsonb_build_array(${value}) END) AS ${alias}(v)`);
      // An array's own "length" is a property in JavaScript, so resolveFieldPath reaches it
      // when the path meets an array inside an array.
      value =
        segment === 'length'
          ? sql`CASE WHEN jsonb_typeof(${alias}.v) = 'array'
              THEN to_jsonb(jsonb_array_length(${alias}.v)) ELSE ${alias}.v -> 'length' END`
          : sql`${alias}.v -> ${segment}::text`;
    }
  });
  return { from, operand: jsonOperand(value) };
}

/** A JSONB expression as an operand. */
export function jsonOperand(json: SqlFragment): SqlOperand {
  return {
    kind: 'jsonb',
    json,
    text: sql`(${json} #>> '{}')`,
    isType: (type) => sql`jsonb_typeof(${json}) = ${rawSql(`'${type}'`)}`,
  };
}

function textColumnOperand(column: SqlFragment): SqlOperand {
  return {
    kind: 'text',
    json: sql`to_jsonb(${column})`,
    text: column,
    isType: (type) => (type === 'string' ? SQL_TRUE : SQL_FALSE),
  };
}

/** The segments of `path`, rejecting empty segments and NUL characters (ValidationError). */
function fieldSegments(path: string, issuePath = 'field'): string[] {
  const segments = splitFieldPath(path, issuePath);
  assertNoNul(path, issuePath);
  return segments;
}

/**
 * Rejects text PostgreSQL cannot hold (U+0000): it would end the statement text early.
 * @throws ValidationError at `issuePath`.
 */
export function assertNoNul(text: string, issuePath: string): void {
  if (text.includes('\u0000')) {
    throw ValidationError.of(issuePath, 'must not contain the character U+0000', 'noNulCharacter');
  }
}
