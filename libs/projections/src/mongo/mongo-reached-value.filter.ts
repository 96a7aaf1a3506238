import type { SpecScalar } from '@cqrs-ddd/core';
import { escapeRegex } from './code-point-range.js';
import { type MongoFilter, allOf, anyOf, notArray } from './mongo-filter.js';

/** A condition on the single value found at a MongoDB key (no array fan-out before it). */
export type LeafFilter = (key: string) => MongoFilter;

const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * "Some value the path reaches satisfies `leaf`", with `evaluate`'s path semantics
 * (`resolveFieldPath`): an array met before the last segment fans out over its elements, a
 * numeric segment selects an index, an empty array reaches nothing.
 *
 * MongoDB's own dotted paths fan out too, but then test each operator against each reached
 * value separately (and treat null and empty arrays in ways of their own). Where one value must
 * satisfy several conditions at once, or where missing values count, the path is walked here
 * one segment at a time: an array is entered with `$elemMatch`, anything else by extending
 * the key behind a `$not: { $type: 'array' }` guard, so `leaf` always sees exactly one value.
 *
 * @param root key of the document the path starts in (an object, never an array)
 * @param missingMatches whether a fanned-out element that is not an object — which reaches a
 *   missing value — satisfies the leaf (`isNull`)
 */
export function someReachedValue(
  root: string,
  segments: readonly string[],
  leaf: LeafFilter,
  missingMatches = false,
): MongoFilter {
  const reach = (key: string, rest: readonly string[], mayBeArray: boolean): MongoFilter => {
    if (rest.length === 0) return leaf(key);
    const [segment, ...tail] = rest;
    const inside = reach(`${key}.${segment}`, tail, true);
    if (!mayBeArray || INDEX.test(segment)) return inside;
    return anyOf([
      { [key]: { $elemMatch: reach(segment, tail, true) } },
      ...(missingMatches ? [{ [key]: { $elemMatch: { $not: { $type: 'object' } } } }] : []),
      allOf([{ [key]: notArray() }, inside]),
    ]);
  };
  return reach(root, segments, false);
}

/** Leaf: the value is null or missing (an array, even of nulls, is neither). */
export function isNullLeaf(key: string): MongoFilter {
  return { [key]: { $eq: null, ...notArray() } };
}

/**
 * Leaf: the value is a string containing `wanted`, or an array with an element equal to it
 * (`evaluate`'s `contains`: substring for strings, membership for arrays).
 */
export function containsLeaf(wanted: SpecScalar): LeafFilter {
  return (key) =>
    anyOf([
      { [key]: { $elemMatch: { $eq: wanted } } },
      ...(typeof wanted === 'string'
        ? [{ [key]: { $regex: escapeRegex(wanted), ...notArray() } }]
        : []),
    ]);
}

/**
 * Leaf for conditions on expanded values (`evaluate`'s `expand`): the value, or one element of
 * it when it is an array, satisfies every operator of `condition` at once.
 */
export function expandedLeaf(condition: Record<string, unknown>): LeafFilter {
  return (key) =>
    anyOf([
      { [key]: { $elemMatch: condition } },
      allOf([{ [key]: notArray() }, { [key]: condition }]),
    ]);
}
