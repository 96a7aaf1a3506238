import {
  type Comparison,
  parseSpecification,
  type SpecInput,
  type SpecScalar,
  type Specification,
  toSpecification,
} from '@cqrs-ddd/core';
import {
  assertNoNul,
  type DocumentSqlOptions,
  jsonOperand,
  type ReachedValues,
  reachSql,
  type SqlOperand,
} from './document-path.sql.js';
import {
  and,
  joinSql,
  not,
  or,
  rawSql,
  SQL_FALSE,
  SQL_TRUE,
  type SqlFragment,
  sql,
} from './sql-fragment.js';

type Condition = (value: SqlOperand) => SqlFragment;

const ORDERING = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * Compiles a specification into a SQL condition on a JSONB document that holds exactly where
 * core's `evaluate` returns `true` (the shared semantics table checks it operator by operator):
 * any-element paths through arrays, scalar operators looking inside a reached array,
 * type-strict comparisons, strings ordered by code point (`COLLATE "C"`), `isNull` = null or
 * missing, two-valued `not`. Values and field names are `?` parameters, never SQL text.
 *
 * The specification is validated first (`parseSpecification`).
 * @throws ValidationError for a malformed specification or text containing U+0000.
 */
export function compileSpecification(
  spec: SpecInput,
  options: DocumentSqlOptions = {},
  issuePath = 'filter',
): SqlFragment {
  return compileNode(parseSpecification(toSpecification(spec), issuePath), options, issuePath);
}

function compileNode(node: Specification, options: DocumentSqlOptions, path: string): SqlFragment {
  switch (node.op) {
    case 'and':
      return and(
        ...node.specs.map((child, i) => compileNode(child, options, `${path}.specs.${i}`)),
      );
    case 'or':
      return or(...node.specs.map((child, i) => compileNode(child, options, `${path}.specs.${i}`)));
    case 'not':
      return not(compileNode(node.spec, options, `${path}.spec`));
    default:
      assertNoNulValues(node, path);
      return compileComparison(node, reachSql(node.field, options, `${path}.field`));
  }
}

function compileComparison(node: Comparison, reached: ReachedValues): SqlFragment {
  switch (node.op) {
    case 'isNull':
      return anyReached(reached, isAbsent);
    case 'exists':
      return anyReached(reached, (x) =>
        x.kind === 'jsonb' ? sql`${x.json} IS NOT NULL` : SQL_TRUE,
      );
    case 'contains':
      return anyReached(reached, (x) => contains(x, node.value));
    case 'eq':
      return anyEqual(reached, [node.value]);
    case 'ne':
      return not(anyEqual(reached, [node.value]));
    case 'in':
    case 'containsAny':
      return anyEqual(reached, node.values);
    case 'nin':
      return not(anyEqual(reached, node.values));
    case 'containsAll':
      return and(...node.values.map((value) => anyEqual(reached, [value])));
    case 'between':
      return anyElement(reached, (x) =>
        and(compare(x, '>=', node.from), compare(x, '<=', node.to)),
      );
    case 'startsWith':
      return anyElement(reached, (x) =>
        and(x.isType('string'), sql`starts_with(${x.text}, ${node.value}::text)`),
      );
    case 'endsWith':
      return anyElement(reached, (x) =>
        and(
          x.isType('string'),
          sql`right(${x.text}, char_length(${node.value}::text)) = ${node.value}::text`,
        ),
      );
    default: {
      // Only gt, gte, lt and lte remain (TypeScript does not narrow `op` inside a member).
      const operator = ORDERING[node.op as keyof typeof ORDERING];
      return anyElement(reached, (x) => compare(x, operator, node.value));
    }
  }
}

/** Some reached value satisfies `condition` (an empty fan-out reaches nothing). */
function anyReached(reached: ReachedValues, condition: Condition): SqlFragment {
  const test = condition(reached.operand);
  if (reached.from.length === 0 || test === SQL_FALSE) return test;
  return sql`EXISTS (SELECT 1 FROM ${joinSql(reached.from, ', ')} WHERE ${test})`;
}

/** Some reached value, or an element of a reached array (one level), satisfies `condition`. */
function anyElement(reached: ReachedValues, condition: Condition): SqlFragment {
  return anyReached(reached, (x) => {
    const direct = condition(x);
    const inElement = condition(jsonOperand(sql`el.v`));
    if (x.kind === 'text' || inElement === SQL_FALSE) return direct;
    // The CASE keeps jsonb_array_elements off non-arrays whatever order PostgreSQL evaluates in.
    return or(
      direct,
      and(
        x.isType('array'),
        sql`EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN ${x.isType('array')}
          THEN ${x.json} END) AS el(v) WHERE ${inElement})`,
      ),
    );
  });
}

/**
 * Some reached value, or an element of a reached array, equals one of `values`. For JSONB this
 * is containment of the scalar: `V @> 'x'` holds when V is `"x"` or an array with an element
 * `"x"` (numbers compare numerically, types never mix; a nested array, an object, `null` or a
 * missing value never contain it).
 */
function anyEqual(reached: ReachedValues, values: readonly SpecScalar[]): SqlFragment {
  return anyReached(reached, (x) => {
    if (x.kind === 'jsonb') {
      return or(...values.map((value) => sql`${x.json} @> ${JSON.stringify(value)}::jsonb`));
    }
    const strings = values.filter((value) => typeof value === 'string');
    if (strings.length === 0) return SQL_FALSE;
    return sql`${x.text} IN (${joinSql(
      strings.map((value) => sql`${value}::text`),
      ', ',
    )})`;
  });
}

function isAbsent(x: SqlOperand): SqlFragment {
  return x.kind === 'jsonb' ? sql`(${x.json} IS NULL OR ${x.isType('null')})` : SQL_FALSE;
}

/** Ordered comparison with a value of the same type only (strings by code point). */
function compare(x: SqlOperand, operator: string, value: SpecScalar): SqlFragment {
  const op = rawSql(operator);
  if (typeof value === 'string') {
    return and(x.isType('string'), sql`${x.text} COLLATE "C" ${op} ${value}::text`);
  }
  const type = typeof value === 'number' ? 'number' : 'boolean';
  return and(x.isType(type), sql`${x.json} ${op} ${JSON.stringify(value)}::jsonb`);
}

/** Substring of a string, or an element of an array (never a substring of an element). */
function contains(x: SqlOperand, value: SpecScalar): SqlFragment {
  return or(
    typeof value === 'string'
      ? and(x.isType('string'), sql`strpos(${x.text}, ${value}::text) > 0`)
      : SQL_FALSE,
    // Only an array contains an array: `"a" @> '["a"]'` and `[["a"]] @> '["a"]'` are false.
    x.kind === 'jsonb' ? sql`${x.json} @> ${JSON.stringify([value])}::jsonb` : SQL_FALSE,
  );
}

function assertNoNulValues(node: Comparison, path: string): void {
  const check = (value: unknown, at: string) => {
    if (typeof value === 'string') assertNoNul(value, `${path}.${at}`);
  };
  if ('value' in node) check(node.value, 'value');
  if ('values' in node) node.values.forEach((value, i) => check(value, `values.${i}`));
  if ('from' in node) {
    check(node.from, 'from');
    check(node.to, 'to');
  }
}
