import type { NormalizedSortField } from '@cqrs-ddd/core';
import {
  type DocumentSqlOptions,
  jsonOperand,
  type ReachedValues,
  reachSql,
  type SqlOperand,
} from './document-path.sql.js';
import { joinSql, rawSql, type SqlFragment, sql } from './sql-fragment.js';

/**
 * The ORDER BY list ordering documents exactly as core's `compareRows` does: per key, the
 * scalar the path reaches (`null` when it is missing, null, or reaches an array, an object or
 * several values) ranked null/non-scalar < numbers < strings < booleans, numbers numerically,
 * strings by code point (`COLLATE "C"`), `false < true`; `desc` reverses the whole key.
 * @throws ValidationError for a field path with an empty segment or U+0000.
 */
export function compileSort(
  sort: readonly NormalizedSortField[],
  options: DocumentSqlOptions = {},
): SqlFragment {
  const keys = sort.flatMap(({ field, direction }, i) =>
    sortKeys(sortValue(reachSql(field, options, `sort.${i}.field`)), direction),
  );
  return joinSql(keys, ', ');
}

function sortKeys(value: SqlOperand, direction: NormalizedSortField['direction']): SqlFragment[] {
  const order = rawSql(direction === 'desc' ? 'DESC' : 'ASC');
  if (value.kind === 'text') return [sql`${value.text} COLLATE "C" ${order}`];
  const { json } = value;
  // Within one rank the other keys are all NULL or all non-NULL, so NULLS FIRST/LAST is moot.
  return [
    sql`CASE jsonb_typeof(${json}) WHEN 'number' THEN 1 WHEN 'string' THEN 2
      WHEN 'boolean' THEN 3 ELSE 0 END ${order}`,
    sql`CASE WHEN jsonb_typeof(${json}) IN ('number', 'boolean') THEN ${json} END ${order}`,
    sql`(CASE WHEN ${value.isType('string')} THEN ${value.text} END) COLLATE "C" ${order}`,
  ];
}

/** The single value a path reaches, or SQL `NULL` when it reaches none or several. */
function sortValue({ from, operand }: ReachedValues): SqlOperand {
  if (from.length === 0) return operand;
  return jsonOperand(
    sql`(SELECT CASE WHEN count(*) = 1 THEN (array_agg(${operand.json}))[1] END
      FROM ${joinSql(from, ', ')})`,
  );
}
