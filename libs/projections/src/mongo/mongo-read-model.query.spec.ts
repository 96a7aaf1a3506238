import { describe, expect, it } from '@jest/globals';
import {
  type Page,
  type QueryOptions,
  isValidationError,
  normalizeQueryOptions,
  toPage,
  where,
} from '@cqrs-ddd/core';
import { Aggregator } from 'mingo';
import { SORTS, SORT_ROWS, type SortRow, inMemoryPage } from './mongo-read-model.fixture.js';
import { findPipeline, liveDocumentsFilter } from './mongo-read-model.query.js';

const RECORDS = [
  ...SORT_ROWS.map((doc) => ({ tenantId: 't', id: doc.id, doc, pos: 'p' })),
  { tenantId: 't', id: 'gone', doc: null, pos: 'p' },
  { tenantId: 'other', id: 'z', doc: { id: 'z', v: 1 }, pos: 'p' },
];

/** The page the Mongo pipeline yields, run by mingo over the records. */
function mongoPage(options: QueryOptions): Page<SortRow> {
  const query = normalizeQueryOptions(options);
  const pipeline = findPipeline(liveDocumentsFilter('t', query.filter, query.after), query);
  const rows = new Aggregator(pipeline).run(RECORDS) as { doc: SortRow }[];
  return toPage(
    rows.map((row) => row.doc),
    query,
  );
}

describe('findPipeline, run by mingo, pages like applyQueryOptions', () => {
  it.each(SORTS)(
    'sorts (%s) like the in-memory store, nulls and cross-type order included',
    (_, sort) => {
      expect(mongoPage({ sort })).toEqual(inMemoryPage({ sort }));
    },
  );

  it.each(SORTS)('follows cursors page by page (%s)', (_, sort) => {
    for (const limit of [1, 4]) {
      let options: QueryOptions = { sort, limit };
      for (let pages = 0; pages < SORT_ROWS.length + 1; pages += 1) {
        const expected = inMemoryPage(options);
        expect(mongoPage(options)).toEqual(expected);
        if (!expected.nextCursor) break;
        options = { ...options, cursor: expected.nextCursor };
      }
    }
  });

  it('filters, offsets and projects like the in-memory store', () => {
    const cases: QueryOptions[] = [
      { filter: where('n.x').eq('a'), sort: [{ field: 'v', direction: 'desc' }] },
      { offset: 3, limit: 4 },
      { offset: 20 },
      { fields: ['n.x', 'items.p'], sort: [{ field: 'v', direction: 'asc' }], limit: 5 },
      { fields: ['v'], filter: { op: 'isNull', field: 'n' } },
    ];
    for (const options of cases) expect(mongoPage(options)).toEqual(inMemoryPage(options));
  });

  it('never returns tombstones or other tenants', () => {
    expect(mongoPage({}).items.map((row) => row.id)).toEqual(SORT_ROWS.map((row) => row.id).sort());
  });

  it('sorts by the indexed record id and computes other sort keys', () => {
    const query = normalizeQueryOptions({
      sort: [{ field: 'total', direction: 'desc' }],
      limit: 2,
    });
    const pipeline = findPipeline({ tenantId: 't' }, query);
    expect(pipeline[2]).toEqual({ $sort: { _sort0: -1, id: 1 } });
    expect(pipeline.slice(3)).toEqual([{ $limit: 3 }, { $project: { _id: 0, doc: 1 } }]);
  });

  it('rejects sort and fields paths MongoDB cannot address', () => {
    for (const options of [
      { sort: [{ field: '$x', direction: 'asc' }] },
      { fields: ['a.$b'] },
    ] as QueryOptions[]) {
      let error: unknown;
      try {
        findPipeline({}, normalizeQueryOptions(options));
      } catch (caught) {
        error = caught;
      }
      expect(isValidationError(error)).toBe(true);
    }
  });
});
