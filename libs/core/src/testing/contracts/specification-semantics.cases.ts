import type { Specification } from '../../specification/specification.types.js';

/**
 * Documents on which {@link SPECIFICATION_SEMANTICS_CASES} are evaluated. They mix the shapes
 * that make compilers disagree: null vs missing fields, numbers vs numeric strings, nested
 * objects that are null or absent, arrays of scalars and of objects, empty arrays, a scalar
 * where other documents hold an array, dates as ISO strings, characters above U+FFFF.
 */
export const SPECIFICATION_FIXTURE: readonly { readonly id: string; [key: string]: unknown }[] = [
  {
    id: 'd1',
    status: 'confirmed',
    total: 150,
    code: '150',
    active: true,
    customer: { name: 'Ada', address: { city: 'Paris' } },
    tags: ['vip', 'eu'],
    items: [
      { productId: 'p1', qty: 2 },
      { productId: 'p2', qty: 1 },
    ],
    createdAt: '2024-03-01T10:00:00.000Z',
    note: 'Rush delivery',
    deletedAt: null,
  },
  {
    id: 'd2',
    status: 'pending',
    total: 99.5,
    code: '99',
    active: false,
    customer: { name: 'bob', address: { city: 'Berlin' } },
    tags: ['eu'],
    items: [{ productId: 'p2', qty: 5 }],
    createdAt: '2024-01-15T00:00:00.000Z',
    note: 'rush',
  },
  {
    id: 'd3',
    status: 'cancelled',
    total: 0,
    active: true,
    customer: { name: 'Cleo' },
    tags: [],
    items: [],
    createdAt: '2023-12-31T23:59:59.999Z',
    note: null,
    deletedAt: '2024-02-01T00:00:00.000Z',
  },
  {
    id: 'd4',
    status: 'confirmed',
    total: '100',
    customer: null,
    items: [{ productId: 'p3' }],
    createdAt: '2024-12-31T00:00:00.000Z',
  },
  {
    id: 'd5',
    status: 'CONFIRMED',
    total: 100,
    customer: { name: 'Ada Lovelace', address: { city: 'paris' } },
    tags: ['VIP'],
    createdAt: '2024-06-30T12:00:00.000Z',
    note: '100%',
  },
  { id: 'd6', status: 'pending', total: -5, note: '\u{1F600}', tags: 'solo' },
];

/** One row of the semantics table: which fixture documents `spec` matches. */
export interface SpecificationSemanticsCase {
  readonly name: string;
  readonly spec: Specification;
  /** Ids of the matching {@link SPECIFICATION_FIXTURE} documents, ascending. */
  readonly expected: readonly string[];
}

const ALL = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];
const c = (name: string, spec: Specification, expected: string[]): SpecificationSemanticsCase => ({
  name,
  spec,
  expected,
});

/**
 * What every operator means, as data: the in-memory evaluator, every read-model adapter (via
 * the read-model-store contract) and every filter compiler (SQL, MongoDB) must return exactly
 * `expected` for each case.
 */
export const SPECIFICATION_SEMANTICS_CASES: readonly SpecificationSemanticsCase[] = [
  c('eq is case-sensitive', { op: 'eq', field: 'status', value: 'confirmed' }, ['d1', 'd4']),
  c('eq number never equals a numeric string', { op: 'eq', field: 'total', value: 100 }, ['d5']),
  c('eq string never equals a number', { op: 'eq', field: 'total', value: '100' }, ['d4']),
  c('eq number vs string field', { op: 'eq', field: 'code', value: 150 }, []),
  c('eq boolean true', { op: 'eq', field: 'active', value: true }, ['d1', 'd3']),
  c('eq boolean false', { op: 'eq', field: 'active', value: false }, ['d2']),
  c('eq boolean vs string', { op: 'eq', field: 'active', value: 'true' }, []),
  c('eq looks inside arrays', { op: 'eq', field: 'tags', value: 'vip' }, ['d1']),
  c('ne', { op: 'ne', field: 'status', value: 'confirmed' }, ['d2', 'd3', 'd5', 'd6']),
  c('ne matches missing', { op: 'ne', field: 'active', value: true }, ['d2', 'd4', 'd5', 'd6']),
  c('ne on any-element path', { op: 'ne', field: 'items.productId', value: 'p2' }, [
    'd3',
    'd4',
    'd5',
    'd6',
  ]),
  c('gt numbers only', { op: 'gt', field: 'total', value: 99.5 }, ['d1', 'd5']),
  c('gte', { op: 'gte', field: 'total', value: 99.5 }, ['d1', 'd2', 'd5']),
  c('lt', { op: 'lt', field: 'total', value: 100 }, ['d2', 'd3', 'd6']),
  c('lte', { op: 'lte', field: 'total', value: 100 }, ['d2', 'd3', 'd5', 'd6']),
  c('lt string only compares strings', { op: 'lt', field: 'total', value: 'z' }, ['d4']),
  c('gt string by code point', { op: 'gt', field: 'status', value: 'confirmed' }, ['d2', 'd6']),
  c('gt beyond the BMP', { op: 'gt', field: 'note', value: '\uFF00' }, ['d6']),
  c('gte boolean (false < true)', { op: 'gte', field: 'active', value: false }, ['d1', 'd2', 'd3']),
  c('gt ISO date', { op: 'gt', field: 'createdAt', value: '2024-06-30T12:00:00.000Z' }, ['d4']),
  c('in', { op: 'in', field: 'status', values: ['pending', 'cancelled'] }, ['d2', 'd3', 'd6']),
  c('in is type-strict', { op: 'in', field: 'total', values: [0, 100] }, ['d3', 'd5']),
  c('in strings', { op: 'in', field: 'code', values: ['99', '150'] }, ['d1', 'd2']),
  c('in empty list', { op: 'in', field: 'status', values: [] }, []),
  c('nin', { op: 'nin', field: 'status', values: ['confirmed'] }, ['d2', 'd3', 'd5', 'd6']),
  c('nin matches null and missing', { op: 'nin', field: 'note', values: ['rush'] }, [
    'd1',
    'd3',
    'd4',
    'd5',
    'd6',
  ]),
  c('nin empty list', { op: 'nin', field: 'status', values: [] }, ALL),
  c('between inclusive', { op: 'between', field: 'total', from: 0, to: 100 }, ['d2', 'd3', 'd5']),
  c('between negative', { op: 'between', field: 'total', from: -10, to: 0 }, ['d3', 'd6']),
  c(
    'between ISO dates',
    {
      op: 'between',
      field: 'createdAt',
      from: '2024-01-01T00:00:00.000Z',
      to: '2024-06-30T12:00:00.000Z',
    },
    ['d1', 'd2', 'd5'],
  ),
  c('between strings', { op: 'between', field: 'status', from: 'a', to: 'd' }, ['d1', 'd3', 'd4']),
  c('contains substring', { op: 'contains', field: 'note', value: 'ush' }, ['d1', 'd2']),
  c('contains is case-sensitive', { op: 'contains', field: 'note', value: 'Rush' }, ['d1']),
  c('contains array element', { op: 'contains', field: 'tags', value: 'eu' }, ['d1', 'd2']),
  c('contains on arrays is not substring', { op: 'contains', field: 'tags', value: 'vi' }, []),
  c('contains on a scalar string is substring', { op: 'contains', field: 'tags', value: 'ol' }, [
    'd6',
  ]),
  c('contains special characters', { op: 'contains', field: 'note', value: '%' }, ['d5']),
  c('startsWith nested', { op: 'startsWith', field: 'customer.name', value: 'Ada' }, ['d1', 'd5']),
  c('startsWith is case-sensitive', { op: 'startsWith', field: 'customer.name', value: 'ada' }, []),
  c('endsWith', { op: 'endsWith', field: 'customer.name', value: 'ace' }, ['d5']),
  c('startsWith looks inside arrays', { op: 'startsWith', field: 'tags', value: 'V' }, ['d5']),
  c('isNull: null or missing', { op: 'isNull', field: 'note' }, ['d3', 'd4']),
  c('isNull', { op: 'isNull', field: 'deletedAt' }, ['d1', 'd2', 'd4', 'd5', 'd6']),
  c('exists: present even if null', { op: 'exists', field: 'deletedAt' }, ['d1', 'd3']),
  c('exists', { op: 'exists', field: 'note' }, ['d1', 'd2', 'd3', 'd5', 'd6']),
  c('eq nested path', { op: 'eq', field: 'customer.address.city', value: 'Paris' }, ['d1']),
  c('isNull under a null or missing parent', { op: 'isNull', field: 'customer.address.city' }, [
    'd3',
    'd4',
    'd6',
  ]),
  c('exists nested object', { op: 'exists', field: 'customer.address' }, ['d1', 'd2', 'd5']),
  c('eq any element', { op: 'eq', field: 'items.productId', value: 'p2' }, ['d1', 'd2']),
  c('gt any element', { op: 'gt', field: 'items.qty', value: 1 }, ['d1', 'd2']),
  c('isNull any element; an empty array reaches nothing', { op: 'isNull', field: 'items.qty' }, [
    'd4',
    'd5',
    'd6',
  ]),
  c('exists any element', { op: 'exists', field: 'items.productId' }, ['d1', 'd2', 'd4']),
  c('array index', { op: 'eq', field: 'items.0.productId', value: 'p2' }, ['d2']),
  c('containsAny', { op: 'containsAny', field: 'tags', values: ['vip', 'x'] }, ['d1']),
  c(
    'containsAny treats a scalar as one element',
    { op: 'containsAny', field: 'tags', values: ['solo'] },
    ['d6'],
  ),
  c(
    'containsAny any element',
    { op: 'containsAny', field: 'items.productId', values: ['p3', 'p9'] },
    ['d4'],
  ),
  c('containsAny empty list', { op: 'containsAny', field: 'tags', values: [] }, []),
  c('containsAll', { op: 'containsAll', field: 'tags', values: ['vip', 'eu'] }, ['d1']),
  c('containsAll one value', { op: 'containsAll', field: 'tags', values: ['eu'] }, ['d1', 'd2']),
  c(
    'containsAll across elements',
    { op: 'containsAll', field: 'items.productId', values: ['p1', 'p2'] },
    ['d1'],
  ),
  c('containsAll empty list', { op: 'containsAll', field: 'tags', values: [] }, ALL),
  c(
    'and',
    {
      op: 'and',
      specs: [
        { op: 'eq', field: 'status', value: 'confirmed' },
        { op: 'gt', field: 'total', value: 100 },
      ],
    },
    ['d1'],
  ),
  c(
    'or',
    {
      op: 'or',
      specs: [
        { op: 'eq', field: 'status', value: 'pending' },
        { op: 'eq', field: 'total', value: 0 },
      ],
    },
    ['d2', 'd3', 'd6'],
  ),
  c('not', { op: 'not', spec: { op: 'exists', field: 'deletedAt' } }, ['d2', 'd4', 'd5', 'd6']),
  c('empty and matches everything', { op: 'and', specs: [] }, ALL),
  c('empty or matches nothing', { op: 'or', specs: [] }, []),
];
