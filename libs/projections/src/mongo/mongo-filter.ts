/** A MongoDB query filter document (what `find`, `countDocuments` and `$match` take). */
export type MongoFilter = Record<string, unknown>;

/**
 * A filter no document matches. MongoDB rejects an empty `$or`, and every document has an
 * `_id` (inside `$elemMatch` no element has to: `$in: []` matches nothing either way).
 */
export function matchNothing(): MongoFilter {
  return { _id: { $in: [] } };
}

/** True for `{}`, the filter every document matches. */
export function matchesEverything(filter: MongoFilter): boolean {
  return Object.keys(filter).length === 0;
}

function isMatchNothing(filter: MongoFilter): boolean {
  const keys = Object.keys(filter);
  const condition = filter._id as { $in?: unknown } | undefined;
  return (
    keys.length === 1 &&
    Array.isArray(condition?.$in) &&
    condition.$in.length === 0 &&
    Object.keys(condition).length === 1
  );
}

/** Conjunction; simplifies away `{}` and short-circuits on {@link matchNothing}. */
export function allOf(filters: readonly MongoFilter[]): MongoFilter {
  const parts = filters.filter((filter) => !matchesEverything(filter));
  if (parts.some(isMatchNothing)) return matchNothing();
  if (parts.length <= 1) return parts[0] ?? {};
  return { $and: parts };
}

/** Disjunction; simplifies away {@link matchNothing} and short-circuits on `{}`. */
export function anyOf(filters: readonly MongoFilter[]): MongoFilter {
  const parts = filters.filter((filter) => !isMatchNothing(filter));
  if (parts.some(matchesEverything)) return {};
  if (parts.length <= 1) return parts[0] ?? matchNothing();
  return { $or: parts };
}

/** Boolean negation (`$nor` is exact two-valued negation of a filter). */
export function noneOf(filter: MongoFilter): MongoFilter {
  if (matchesEverything(filter)) return matchNothing();
  if (isMatchNothing(filter)) return {};
  return { $nor: [filter] };
}

/** `{ $not: { $type: 'array' } }`: the value at the key is not an array. */
export function notArray(): MongoFilter {
  return { $not: { $type: 'array' } };
}
