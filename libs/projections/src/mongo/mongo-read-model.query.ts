import type { NormalizedQuery, Specification } from '@cqrs-ddd/core';
import { type MongoFilter, allOf } from './mongo-filter.js';
import { liveRecords } from './mongo-read-model.record.js';
import { compileSpecToMongo, mongoFieldSegments } from './spec-to-mongo.compiler.js';

/** An aggregation pipeline stage. */
export type PipelineStage = Record<string, unknown>;

const INDEX = /^(0|[1-9][0-9]*)$/;
const SCALAR_TYPES = ['double', 'int', 'long', 'decimal', 'string', 'bool'];

/** The tenant's live documents matching every given specification. */
export function liveDocumentsFilter(
  tenantId: string,
  ...specs: (Specification | undefined)[]
): MongoFilter {
  return allOf([
    { tenantId },
    liveRecords(),
    ...specs.flatMap((spec) => (spec ? [compileSpecToMongo(spec)] : [])),
  ]);
}

/**
 * The aggregation pipeline for one page of `query` over the records `match` selects: keyset
 * condition, sort, offset, `limit + 1` rows (for `toPage`), and only the `doc` of each.
 *
 * Sort keys are computed like `sortValueOf` in core: the scalar at the path, or `null` when
 * it is missing, null, an object or an array (MongoDB would otherwise order objects after
 * strings and arrays by an element). The `id` tie-breaker sorts on the indexed record key.
 * Where `sortValueOf` takes the one value a path reaches through a one-element array
 * (`items.price` on `items: [{ price: 5 }]`), this yields `null`: sorting through arrays is
 * not defined by `QueryOptions`.
 * @throws ValidationError for a sort or `fields` path MongoDB cannot address
 */
export function findPipeline(match: MongoFilter, query: NormalizedQuery): PipelineStage[] {
  const keys = query.sort.map(({ field }, i) => (field === 'id' ? 'id' : `_sort${i}`));
  const computed = query.sort.flatMap(({ field }, i) =>
    keys[i] === 'id' ? [] : [[keys[i], sortKeyExpression(field, `sort.${i}.field`)] as const],
  );
  return [
    { $match: match },
    ...(computed.length > 0 ? [{ $addFields: Object.fromEntries(computed) }] : []),
    {
      $sort: Object.fromEntries(
        query.sort.map(({ direction }, i) => [keys[i], direction === 'asc' ? 1 : -1]),
      ),
    },
    ...(query.offset > 0 ? [{ $skip: query.offset }] : []),
    ...(query.limit === undefined ? [] : [{ $limit: query.limit + 1 }]),
    { $project: projection(query) },
  ];
}

/** The sort key of `field` in a record: the scalar under `doc` at that path, else `null`. */
function sortKeyExpression(field: string, issuePath: string): unknown {
  let value: unknown = '$doc';
  for (const segment of mongoFieldSegments(field, issuePath)) {
    if (typeof value === 'string' && !INDEX.test(segment)) {
      value = `${value}.${segment}`;
      continue;
    }
    const element = INDEX.test(segment)
      ? {
          $cond: [
            { $isArray: '$$v' },
            { $arrayElemAt: ['$$v', Number(segment)] },
            `$$v.${segment}`,
          ],
        }
      : `$$v.${segment}`;
    value = { $let: { vars: { v: value }, in: element } };
  }
  return {
    $let: {
      vars: { v: value },
      in: { $cond: [{ $in: [{ $type: '$$v' }, SCALAR_TYPES] }, '$$v', null] },
    },
  };
}

/**
 * The `doc` of each record; with `fields`, only the top-level properties that the fields, the
 * sort keys and the tie-breaker start with (`toPage` then projects exactly).
 */
function projection(query: NormalizedQuery): Record<string, 0 | 1> {
  if (!query.fields) return { _id: 0, doc: 1 };
  const tops = new Set([
    query.tieBreaker,
    ...query.sort.map(({ field }) => field.split('.')[0]),
    ...query.fields.map((field, i) => mongoFieldSegments(field, `fields.${i}`)[0]),
  ]);
  return { _id: 0, ...Object.fromEntries([...tops].map((top) => [`doc.${top}`, 1 as const])) };
}
