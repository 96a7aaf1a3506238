import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  applyQueryOptions,
  evaluate,
  logPosition,
  normalizeSort,
  type SpecScalar,
  type Specification,
} from '@cqrs-ddd/core';
import { SPECIFICATION_FIXTURE, SPECIFICATION_SEMANTICS_CASES } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  createProjectionsTestSchema,
  type ProjectionsTestSchema,
} from '../testing/projections-test-schema.js';
import { PostgresReadModelStore } from './postgres-read-model.store.js';
import { projectionsTables } from './projections-schema.js';
import { compileSort } from './sort-to-sql.compiler.js';
import { compileSpecification } from './spec-to-sql.compiler.js';
import { joinSql, rawSql, type SqlFragment, sql } from './sql-fragment.js';
import { runSql } from './sql-fragment.runner.js';

type Doc = { readonly id: string; readonly [key: string]: unknown };

/** Shapes beyond the shared fixture: nested arrays, "length", indexes on non-arrays, odd keys. */
const EXTRA: Doc[] = [
  {
    id: 'x1',
    m: [[1, 2], [3]],
    o: { '0': 'zero' },
    s: 'str',
    arr: [{ k: 1 }, [{ k: 2 }], null, 'k'],
    items: { productId: 'p2', qty: 3 },
    "we'ird": 'p2',
  },
  {
    id: 'x2',
    m: [],
    tags: [['vip'], 'eu'],
    status: ['confirmed', 'x'],
    total: [100, '100'],
    note: '',
    'a"b': { c: 'q' },
  },
  {
    id: 'x3',
    m: [[]],
    o: ['zero'],
    s: ['s', 'str'],
    arr: [],
    length: 3,
    customer: [{ address: { city: 'Paris' } }, { address: null }, {}],
  },
  {
    id: 'x4',
    items: [{ productId: 'p2', qty: [1, 5] }, { qty: null }, 'p2'],
    m: { length: 7, '0': [9] },
    code: ['150', 150],
    active: [true, 'true'],
    note: 'Rush \u{1F600} rush',
  },
];

const DOCUMENTS: Doc[] = [...SPECIFICATION_FIXTURE, ...EXTRA];

const FIELDS = [
  'status',
  'total',
  'code',
  'active',
  'tags',
  'note',
  'deletedAt',
  'missing',
  'customer',
  'customer.name',
  'customer.address.city',
  'items',
  'items.productId',
  'items.qty',
  'items.0',
  'items.0.productId',
  'items.1.qty',
  'm',
  'm.length',
  'm.0',
  'm.0.0',
  'o.0',
  's.0',
  'arr.k',
  'length',
  'id',
  "we'ird",
  'a"b.c',
];

const SCALARS: SpecScalar[] = [
  'confirmed',
  'p2',
  'vip',
  'eu',
  'str',
  'zero',
  '',
  'R',
  'rush',
  '150',
  '\uFF00',
  'd3',
  150,
  100,
  99.5,
  3,
  1,
  0,
  -5,
  true,
  false,
];
const LISTS: SpecScalar[][] = [[], ['p2'], ['vip', 'eu'], [100, '100'], [true, 1, 'zero']];
const BETWEENS: [SpecScalar, SpecScalar][] = [
  [0, 100],
  [-10, 2],
  ['a', 'q'],
  ['2024-01-01', '2025'],
  [false, true],
];

/** Every operator with every field and a spread of values, and the negation of each. */
function generatedSpecs(): Specification[] {
  const specs: Specification[] = [];
  for (const field of FIELDS) {
    specs.push({ op: 'isNull', field }, { op: 'exists', field });
    for (const value of SCALARS) {
      for (const op of ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'contains'] as const) {
        specs.push({ op, field, value });
      }
      if (typeof value === 'string') {
        specs.push({ op: 'startsWith', field, value }, { op: 'endsWith', field, value });
      }
    }
    for (const values of LISTS) {
      for (const op of ['in', 'nin', 'containsAny', 'containsAll'] as const) {
        specs.push({ op, field, values });
      }
    }
    for (const [from, to] of BETWEENS) specs.push({ op: 'between', field, from, to });
  }
  return specs.flatMap((spec) => [spec, { op: 'not', spec }]);
}

describe('compileSpecification against PostgreSQL (same rows as evaluate)', () => {
  let orm: MikroORM;
  let schema: ProjectionsTestSchema;
  let table: string;
  const options = { document: 'd.document', textColumns: { id: 'd.id' } };

  beforeAll(async () => {
    orm = await createTestOrm();
    schema = await createProjectionsTestSchema(orm);
    table = projectionsTables({ schema: schema.schema }).documents;
    const store = new PostgresReadModelStore(orm.em, { schema: schema.schema });
    const position = logPosition(1, 1);
    await store.writeMany(
      'fixture',
      DOCUMENTS.map((document) => ({ tenantId: 't', id: document.id, document, position })),
    );
  });
  afterAll(async () => {
    await schema.drop();
    await orm.close();
  });

  /** For each condition, the ids of the fixture rows where it holds (one statement). */
  async function matchingIds(conditions: SqlFragment[]): Promise<string[][]> {
    const columns = conditions.map(
      (condition, i) => sql`(${condition}) IS TRUE AS ${rawSql(`c${i}`)}`,
    );
    const rows = await runSql<Record<string, unknown>>(
      orm.em,
      sql`SELECT d.id, ${joinSql(columns, ', ')} FROM ${rawSql(table)} AS d
        WHERE d.collection = 'fixture' AND d.document IS NOT NULL ORDER BY d.id COLLATE "C"`,
    );
    return conditions.map((_, i) =>
      rows.filter((row) => row[`c${i}`] === true).map((row) => String(row.id)),
    );
  }

  const evaluated = (spec: Specification, documents: readonly Doc[]) =>
    documents.filter((document) => evaluate(spec, document)).map((document) => document.id);

  it.each(SPECIFICATION_SEMANTICS_CASES.map((c) => [c.name, c] as const))(
    'semantics table: %s',
    async (_, c) => {
      const [ids] = await matchingIds([compileSpecification(c.spec, options)]);
      const onFixture = ids.filter((id) => SPECIFICATION_FIXTURE.some((d) => d.id === id));
      expect(onFixture).toEqual(evaluated(c.spec, SPECIFICATION_FIXTURE));
      expect(onFixture).toEqual(c.expected);
      expect(ids).toEqual(evaluated(c.spec, DOCUMENTS));
    },
  );

  it('agrees with evaluate on every operator, field shape and value type, and on negations', async () => {
    const specs = generatedSpecs();
    const mismatches: string[] = [];
    for (let start = 0; start < specs.length; start += 200) {
      const chunk = specs.slice(start, start + 200);
      const found = await matchingIds(chunk.map((spec) => compileSpecification(spec, options)));
      chunk.forEach((spec, i) => {
        const expected = evaluated(spec, DOCUMENTS);
        if (JSON.stringify(found[i]) !== JSON.stringify(expected)) {
          mismatches.push(`${JSON.stringify(spec)}: SQL ${found[i]}, evaluate ${expected}`);
        }
      });
    }
    expect(specs.length).toBeGreaterThan(5000);
    expect(mismatches).toEqual([]);
  });

  it.each(FIELDS.flatMap((field) => [[field, 'asc'] as const, [field, 'desc'] as const]))(
    'sorts like compareRows by %s %s',
    async (field, direction) => {
      const sort = normalizeSort([{ field, direction }]);
      const rows = await runSql<{ id: string }>(
        orm.em,
        sql`SELECT d.id FROM ${rawSql(table)} AS d
          WHERE d.collection = 'fixture' ORDER BY ${compileSort(sort, options)}`,
      );
      const expected = applyQueryOptions(DOCUMENTS, { sort: [{ field, direction }] }).items;
      expect(rows.map((row) => row.id)).toEqual(expected.map((document) => document.id));
    },
  );

  it('runs hostile field names and values as plain data', async () => {
    const attack = `x'); DROP TABLE ${table}; --`;
    const [ids] = await matchingIds([
      compileSpecification(
        {
          op: 'or',
          specs: [
            { op: 'eq', field: attack, value: attack },
            { op: 'isNull', field: attack },
          ],
        },
        options,
      ),
    ]);
    expect(ids).toEqual(DOCUMENTS.map((document) => document.id).sort());
    const [weird] = await matchingIds([
      compileSpecification({ op: 'eq', field: "we'ird", value: 'p2' }, options),
    ]);
    expect(weird).toEqual(['x1']);
  });
});
