import {
  type Comparison,
  type SpecInput,
  type Specification,
  ValidationError,
  splitFieldPath,
  toSpecification,
} from '@cqrs-ddd/core';
import {
  type ValueTest,
  bothTests,
  conditionCount,
  escapeRegex,
  rangeTests,
  valueCondition,
} from './code-point-range.js';
import { type MongoFilter, allOf, anyOf, noneOf } from './mongo-filter.js';
import {
  containsLeaf,
  expandedLeaf,
  isNullLeaf,
  someReachedValue,
} from './mongo-reached-value.filter.js';

/** Options of {@link compileSpecToMongo}. */
export interface SpecToMongoOptions {
  /**
   * Key under which the documents being filtered are stored in each MongoDB document: field
   * `status` of the specification becomes `<root>.status`.
   * @default 'doc'
   */
  readonly root?: string;
}

/**
 * Compiles a specification into a MongoDB filter that matches exactly the documents
 * `evaluate` matches (see `specification.evaluator.ts` in core): type-strict comparisons,
 * "any element" over arrays, `isNull` = null or missing, `exists`, case-sensitive text
 * operators, two-valued `not`, and strings ordered by code point.
 *
 * Most operators map to MongoDB's own (`$eq`, `$ne`, `$in`, `$nin`, range operators, anchored
 * `$regex`), whose array semantics are `evaluate`'s. Where `evaluate` needs one value to meet
 * several conditions (`between`), treats arrays as values (`contains`, `isNull`) or counts
 * missing values (`isNull`), the path is walked with `$elemMatch` (see `someReachedValue`).
 * @throws ValidationError for a field path MongoDB cannot query (a segment starting with `$`)
 */
export function compileSpecToMongo(spec: SpecInput, options: SpecToMongoOptions = {}): MongoFilter {
  return compileNode(toSpecification(spec), options.root ?? 'doc');
}

/**
 * The segments of a specification or sort field path, checked to be queryable in MongoDB.
 * @throws ValidationError at `field` for an invalid path or a segment starting with `$`
 */
export function mongoFieldSegments(field: string, issuePath = 'field'): string[] {
  const segments = splitFieldPath(field, issuePath);
  if (segments.some((segment) => segment.startsWith('$') || segment.includes('\0'))) {
    throw ValidationError.of(
      issuePath,
      `cannot be queried in MongoDB (a segment starts with "$" or holds NUL): ${JSON.stringify(field)}`,
      'isFieldPath',
    );
  }
  return segments;
}

function compileNode(node: Specification, root: string): MongoFilter {
  switch (node.op) {
    case 'and':
      return allOf(node.specs.map((child) => compileNode(child, root)));
    case 'or':
      return anyOf(node.specs.map((child) => compileNode(child, root)));
    case 'not':
      return noneOf(compileNode(node.spec, root));
    default:
      return compileComparison(node, root);
  }
}

function compileComparison(node: Comparison, root: string): MongoFilter {
  const segments = mongoFieldSegments(node.field);
  const anyValue = (condition: Record<string, unknown>) =>
    compileTests(root, segments, [{ ops: condition, matches: [], excludes: [] }]);
  switch (node.op) {
    case 'eq':
      return anyValue({ $eq: node.value });
    case 'ne':
      return noneOf(anyValue({ $eq: node.value }));
    case 'in':
    case 'containsAny':
      return anyValue({ $in: [...node.values] });
    case 'nin':
      return noneOf(anyValue({ $in: [...node.values] }));
    case 'containsAll':
      return allOf([...new Set(node.values)].map((value) => anyValue({ $eq: value })));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compileTests(root, segments, rangeTests(`$${node.op}`, node.value));
    case 'between':
      return compileTests(
        root,
        segments,
        bothTests(rangeTests('$gte', node.from), rangeTests('$lte', node.to)),
      );
    case 'startsWith':
      return anyValue({ $regex: `^${escapeRegex(String(node.value))}` });
    case 'endsWith':
      // `$` would also match before a final newline in PCRE; "no character follows" does not.
      return anyValue({ $regex: `${escapeRegex(String(node.value))}(?![\\s\\S])` });
    case 'contains':
      return someReachedValue(root, segments, containsLeaf(node.value));
    case 'isNull':
      return someReachedValue(root, segments, isNullLeaf, true);
    case 'exists':
      return someReachedValue(root, segments, (key) => ({ [key]: { $exists: true } }));
    default:
      throw ValidationError.of(
        'filter.op',
        `unknown operator "${(node as { op: unknown }).op}"`,
        'isOperator',
      );
  }
}

/**
 * Alternatives of single-value tests on the expanded values the path reaches. A single
 * condition is MongoDB's operator as is, whose one-level "any element" is `evaluate`'s;
 * several conditions must hold for one element (`$elemMatch`). A dotted path is walked (see
 * `someReachedValue`) rather than left to MongoDB's traversal, which mingo (and so the
 * stand-in server) gets wrong for arrays inside array elements (`items.tags`).
 */
function compileTests(root: string, segments: string[], tests: ValueTest[]): MongoFilter {
  return anyOf(
    tests.map((test) => {
      const condition = valueCondition(test);
      const single = conditionCount(test) === 1 && test.excludes.length === 0;
      const leaf = single ? (key: string) => ({ [key]: condition }) : expandedLeaf(condition);
      return someReachedValue(root, segments, leaf);
    }),
  );
}
