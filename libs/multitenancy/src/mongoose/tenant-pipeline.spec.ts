import { describe, expect, it } from '@jest/globals';
import { isTenantIsolationError } from '../errors/tenant-isolation.error.js';
import { scopePipeline } from './tenant-pipeline.js';

const match = { $match: { tenantId: 'acme' } };

describe('scopePipeline', () => {
  it('puts a tenant $match first', () => {
    expect(scopePipeline([], 'tenantId', 'acme')).toEqual([match]);
    expect(scopePipeline([{ $sort: { n: 1 } }], 'tenantId', 'acme')).toEqual([
      match,
      { $sort: { n: 1 } },
    ]);
  });

  it('keeps $search / $vectorSearch first and matches right after them', () => {
    const search = { $search: { text: { query: 'x', path: 'name' } } };
    expect(scopePipeline([search, { $limit: 5 }], 'tenantId', 'acme')).toEqual([
      search,
      match,
      { $limit: 5 },
    ]);
    const vector = { $vectorSearch: { index: 'v', limit: 3 } };
    expect(scopePipeline([vector], 'tenantId', 'acme')).toEqual([vector, match]);
  });

  it('scopes a first $geoNear through its query', () => {
    const geoNear = { $geoNear: { near: [0, 0], distanceField: 'd', query: { open: true } } };
    expect(scopePipeline([geoNear, { $limit: 1 }], 'tenantId', 'acme')).toEqual([
      {
        $geoNear: {
          near: [0, 0],
          distanceField: 'd',
          query: { open: true, $and: [{ tenantId: 'acme' }] },
        },
      },
      { $limit: 1 },
    ]);
  });

  it('rejects first stages that cannot be scoped', () => {
    for (const stage of [
      { $searchMeta: {} },
      { $collStats: {} },
      { $changeStream: {} },
      { $indexStats: {} },
    ]) {
      let error: unknown;
      try {
        scopePipeline([stage], 'tenantId', 'acme');
      } catch (e) {
        error = e;
      }
      expect(isTenantIsolationError(error)).toBe(true);
    }
  });

  it('scopes joins into tenant-scoped collections, also nested, on their own field', () => {
    const scoped = (name: string) => ({ customers: 'org', items: 'tenantId' })[name];
    const pipeline = [
      { $lookup: { from: 'customers', localField: 'c', foreignField: 'code', as: 'c' } },
      {
        $lookup: {
          from: 'plain',
          pipeline: [{ $lookup: { from: 'items', pipeline: [], as: 'i' } }],
          as: 'p',
        },
      },
      { $lookup: { from: 'plain', localField: 'x', foreignField: 'y', as: 'untouched' } },
      { $unionWith: 'items' },
      { $unionWith: { coll: 'plain', pipeline: [{ $limit: 1 }] } },
      {
        $graphLookup: {
          from: 'customers',
          startWith: '$c',
          connectFromField: 'a',
          connectToField: 'b',
          as: 'g',
        },
      },
      { $facet: { one: [{ $lookup: { from: 'items', pipeline: [], as: 'i' } }] } },
    ];
    expect(scopePipeline(pipeline, 'tenantId', 'acme', scoped)).toEqual([
      match,
      {
        $lookup: {
          from: 'customers',
          localField: 'c',
          foreignField: 'code',
          as: 'c',
          pipeline: [{ $match: { org: 'acme' } }],
        },
      },
      {
        $lookup: {
          from: 'plain',
          pipeline: [{ $lookup: { from: 'items', pipeline: [match], as: 'i' } }],
          as: 'p',
        },
      },
      { $lookup: { from: 'plain', localField: 'x', foreignField: 'y', as: 'untouched' } },
      { $unionWith: { coll: 'items', pipeline: [match] } },
      { $unionWith: { coll: 'plain', pipeline: [{ $limit: 1 }] } },
      {
        $graphLookup: {
          from: 'customers',
          startWith: '$c',
          connectFromField: 'a',
          connectToField: 'b',
          as: 'g',
          restrictSearchWithMatch: { $and: [{ org: 'acme' }] },
        },
      },
      { $facet: { one: [{ $lookup: { from: 'items', pipeline: [match], as: 'i' } }] } },
    ]);
  });
});
