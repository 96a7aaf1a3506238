import { describe, expect, it } from '@jest/globals';
import { isValidationError, type ValidationIssue } from '../errors/validation.error.js';
import { applyQueryOptions } from './apply-query-options.js';
import { defineQuerySchema, type QueryParameters } from './query-schema.js';

interface OrderSummary {
  id: string;
  status: string;
  total: number;
  itemCount: number;
  customerId: string;
  updatedAt: string;
  paid?: boolean;
  customer?: { city: string };
}

const orders = defineQuerySchema<OrderSummary>({
  fields: {
    id: { type: 'string', sortable: true },
    status: { type: 'string', ops: ['eq', 'in'], enum: ['pending', 'confirmed', 'cancelled'] },
    total: { type: 'number', sortable: true },
    itemCount: { type: 'integer' },
    customerId: { type: 'string', ops: ['eq', 'in', 'startsWith'] },
    updatedAt: { type: 'date', sortable: true },
    paid: { type: 'boolean', ops: ['eq', 'isNull', 'exists'] },
    city: { type: 'string', path: 'customer.city', sortable: true },
  },
  maxLimit: 50,
  defaultLimit: 20,
  defaultSort: '-updatedAt',
});

function issuesOf(parameters: QueryParameters): [string, string | undefined][] {
  try {
    orders.parse(parameters);
  } catch (error) {
    if (isValidationError(error)) return error.issues.map((i: ValidationIssue) => [i.path, i.rule]);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('QuerySchema.parse', () => {
  it('parses the reference app query', () => {
    expect(
      orders.parse({ filter: 'status:eq:confirmed', sort: '-updatedAt', limit: '20' }),
    ).toEqual({
      filter: { op: 'eq', field: 'status', value: 'confirmed' },
      sort: [{ field: 'updatedAt', direction: 'desc' }],
      limit: 20,
    });
  });

  it('coerces every type and ANDs the terms', () => {
    const parsed = orders.parse({
      filter:
        'total:gt:100.5,itemCount:between:1|10,customerId:in:a|b|c,updatedAt:between:2024-01-01|2024-12-31T23:59:59+01:00,paid:eq:true,city:in:Paris',
    });
    expect(parsed.filter).toEqual({
      op: 'and',
      specs: [
        { op: 'gt', field: 'total', value: 100.5 },
        { op: 'between', field: 'itemCount', from: 1, to: 10 },
        { op: 'in', field: 'customerId', values: ['a', 'b', 'c'] },
        {
          op: 'between',
          field: 'updatedAt',
          from: '2024-01-01T00:00:00.000Z',
          to: '2024-12-31T22:59:59.000Z',
        },
        { op: 'eq', field: 'paid', value: true },
        { op: 'in', field: 'customer.city', values: ['Paris'] },
      ],
    });
  });

  it('applies defaults', () => {
    expect(orders.parse({})).toEqual({
      sort: [{ field: 'updatedAt', direction: 'desc' }],
      limit: 20,
    });
    expect(orders.parse({ filter: '', sort: '', limit: '', cursor: '' }).limit).toBe(20);
  });

  it('maps API names to document paths when sorting', () => {
    expect(orders.parse({ sort: 'city,-total,id' }).sort).toEqual([
      { field: 'customer.city', direction: 'asc' },
      { field: 'total', direction: 'desc' },
      { field: 'id', direction: 'asc' },
    ]);
  });

  it('turns isNull/exists flags into checks or their negation', () => {
    expect(orders.parse({ filter: 'paid:isNull' }).filter).toEqual({ op: 'isNull', field: 'paid' });
    expect(orders.parse({ filter: 'paid:exists:false' }).filter).toEqual({
      op: 'not',
      spec: { op: 'exists', field: 'paid' },
    });
  });

  it('ANDs repeated filter parameters', () => {
    expect(orders.parse({ filter: ['status:eq:pending', 'total:lt:5'] }).filter).toEqual({
      op: 'and',
      specs: [
        { op: 'eq', field: 'status', value: 'pending' },
        { op: 'lt', field: 'total', value: 5 },
      ],
    });
  });

  it('collects every issue, naming the offending parameter', () => {
    expect(
      issuesOf({
        filter:
          'nope:eq:1,status:gt:x,status:eq:shipped,total:gt:abc,itemCount:eq:1.5,updatedAt:gt:2024-02-30,paid:eq:yes,total:like:1,total:between:5|1,customerId:eq:a|b,total:eq',
        sort: '-status,unknown',
        limit: '500',
      }),
    ).toEqual([
      ['filter.nope', 'unknownField'],
      ['filter.status', 'operatorNotAllowed'],
      ['filter.status', 'invalidValue'],
      ['filter.total', 'invalidValue'],
      ['filter.itemCount', 'invalidValue'],
      ['filter.updatedAt', 'invalidValue'],
      ['filter.paid', 'invalidValue'],
      ['filter.total', 'unknownOperator'],
      ['filter.total', 'invalidValue'],
      ['filter.customerId', 'invalidValue'],
      ['filter.total', 'invalidValue'],
      ['sort', 'notSortable'],
      ['sort', 'unknownField'],
      ['limit', 'isInRange'],
    ]);
  });

  it('says what is allowed', () => {
    try {
      orders.parse({ filter: 'status:gt:x', sort: 'status' });
    } catch (error) {
      expect(String(error)).toMatch(
        /filter\.status: operator "gt" is not allowed; use one of: eq, in/,
      );
      expect(String(error)).toMatch(/sortable fields: id, total, updatedAt, city/);
    }
    expect.assertions(2);
  });

  it.each([['0'], ['-1'], ['1.5'], ['abc'], [51], [['10', '20']]])('rejects limit %j', (limit) => {
    expect(issuesOf({ limit })).toEqual([['limit', 'isInRange']]);
  });

  it('accepts numeric limits up to maxLimit', () => {
    expect(orders.parse({ limit: 50 }).limit).toBe(50);
    expect(orders.parse({ limit: ' 7 ' }).limit).toBe(7);
  });

  it('rejects parameters of the wrong shape', () => {
    expect(issuesOf({ filter: { status: 'x' }, sort: ['a'], cursor: 5 })).toEqual([
      ['filter', 'isString'],
      ['sort', 'isString'],
      ['cursor', 'isString'],
    ]);
  });

  it('limits the number of terms and of list values', () => {
    const small = defineQuerySchema({
      fields: { a: { type: 'integer', ops: ['in'] } },
      maxFilterTerms: 2,
      maxListValues: 3,
    });
    expect(() => small.parse({ filter: 'a:in:1,a:in:2,a:in:3' })).toThrow(/at most 2/);
    expect(() => small.parse({ filter: 'a:in:1|2|3|4' })).toThrow(/at most 3 values/);
  });

  it('validates the cursor against the parsed query', () => {
    const rows: OrderSummary[] = ['a', 'b', 'c'].map((id, i) => ({
      id,
      status: 'confirmed',
      total: i,
      itemCount: 1,
      customerId: 'c',
      updatedAt: `2024-01-0${i + 1}T00:00:00.000Z`,
    }));
    const first = orders.parse({ filter: 'status:eq:confirmed', limit: '1' });
    const { nextCursor } = applyQueryOptions(rows, first);
    const cursor = nextCursor ?? '';
    const second = orders.parse({ filter: 'status:eq:confirmed', limit: '1', cursor });
    expect(applyQueryOptions(rows, second).items.map((r) => r.id)).toEqual(['b']);
    expect(issuesOf({ filter: 'status:eq:pending', cursor })).toEqual([['cursor', 'isCursor']]);
    expect(issuesOf({ filter: 'status:eq:confirmed', sort: 'total', cursor })).toEqual([
      ['cursor', 'isCursor'],
    ]);
  });
});

describe('QuerySchema.parse within a restriction', () => {
  const rows: OrderSummary[] = ['a', 'b', 'c', 'd'].map((id, i) => ({
    id,
    status: 'confirmed',
    total: i,
    itemCount: 1,
    customerId: i % 2 === 0 ? 'even' : 'odd',
    updatedAt: `2024-01-0${i + 1}T00:00:00.000Z`,
  }));
  const evenOnly = { op: 'eq', field: 'customerId', value: 'even' } as const;

  it('ANDs the restriction with the client filter, and keeps its cursors valid for it only', () => {
    const first = orders.parse({ filter: 'status:eq:confirmed', limit: '1' }, evenOnly);
    expect(first.filter).toEqual({
      op: 'and',
      specs: [evenOnly, { op: 'eq', field: 'status', value: 'confirmed' }],
    });
    const page = applyQueryOptions(rows, first);
    expect(page.items.map((r) => r.id)).toEqual(['c']);
    const cursor = page.nextCursor ?? '';
    const second = orders.parse({ filter: 'status:eq:confirmed', limit: '1', cursor }, evenOnly);
    expect(applyQueryOptions(rows, second).items.map((r) => r.id)).toEqual(['a']);
    // The same cursor without the restriction is another query's.
    expect(issuesOf({ filter: 'status:eq:confirmed', limit: '1', cursor })).toEqual([
      ['cursor', 'isCursor'],
    ]);
  });

  it('is the whole filter when the client gives none', () => {
    expect(orders.parse({}, evenOnly).filter).toEqual(evenOnly);
  });
});

describe('defineQuerySchema', () => {
  it.each([
    [{ fields: { 'a:b': { type: 'string' } } }, /letters, digits/],
    [{ fields: { a: { type: 'text' } } }, /unknown type/],
    [{ fields: { a: { type: 'string', ops: ['like'] } } }, /unknown operator/],
    [{ fields: { a: { type: 'number', ops: ['startsWith'] } } }, /needs a string field/],
    [{ fields: { a: { type: 'number', enum: ['1'] } } }, /enum/],
    [{ fields: { a: { type: 'string', path: 'x..y' } } }, /invalid path/],
    [{ fields: {}, defaultLimit: 200 }, /defaultLimit exceeds maxLimit/],
    [{ fields: {}, maxLimit: 0 }, /maxLimit/],
    [{ fields: { a: { type: 'string' } }, defaultSort: 'a' }, /defaultSort/],
  ])('rejects an inconsistent definition %#', (definition, message) => {
    expect(() => defineQuerySchema(definition as never)).toThrow(message);
  });
});
