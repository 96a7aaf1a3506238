import { describe, expect, it } from '@jest/globals';
import { isValidationError, type Specification } from '@cqrs-ddd/core';
import { SPECIFICATION_SEMANTICS_CASES } from '@cqrs-ddd/core/testing';
import { compileSort } from './sort-to-sql.compiler.js';
import { compileSpecification } from './spec-to-sql.compiler.js';
import { sql, type SqlFragment } from './sql-fragment.js';

const OPTIONS = { document: 'd.document', textColumns: { id: 'd.id' } };
const compile = (spec: Specification) => compileSpecification(spec, OPTIONS);

function placeholders(fragment: SqlFragment): number {
  return fragment.text.split('?').length - 1;
}

function validationPaths(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (isValidationError(error)) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('compileSpecification', () => {
  it('compiles eq to JSONB containment of the value (equal, or an element of an array)', () => {
    const { text, params } = compile({ op: 'eq', field: 'status', value: 'confirmed' });
    expect(text).toBe('d.document -> ?::text @> ?::jsonb');
    expect(params).toEqual(['status', '"confirmed"']);
    expect(compile({ op: 'in', field: 'n', values: [1, '1'] }).text).toBe(
      '(d.document -> ?::text @> ?::jsonb OR d.document -> ?::text @> ?::jsonb)',
    );
  });

  it('keeps the JSON type of values, so 5 and "5" stay apart', () => {
    expect(compile({ op: 'eq', field: 'n', value: 5 }).params).toContain('5');
    expect(compile({ op: 'eq', field: 'n', value: '5' }).params).toContain('"5"');
    expect(compile({ op: 'in', field: 'n', values: [true, 'x', 1.5] }).params).toEqual(
      expect.arrayContaining(['true', '"x"', '1.5']),
    );
  });

  it('orders strings by code point and guards comparisons by type', () => {
    const { text, params } = compile({ op: 'gt', field: 'name', value: 'm' });
    expect(text).toContain(`jsonb_typeof(d.document -> ?::text) = 'string'`);
    expect(text).toContain(`#>> '{}') COLLATE "C" > ?::text`);
    expect(params).toContain('m');
    expect(compile({ op: 'lte', field: 'total', value: 10 }).text).toContain(
      `jsonb_typeof(d.document -> ?::text) = 'number' AND d.document -> ?::text <= ?::jsonb`,
    );
  });

  it('fans out over arrays for dotted paths and selects by index', () => {
    const fanOut = compile({ op: 'exists', field: 'items.productId' });
    expect(fanOut.text).toMatch(/^EXISTS \(SELECT 1 FROM jsonb_array_elements\(CASE WHEN/);
    expect(fanOut.params).toEqual(['items', 'items', 'items', 'productId']);
    const indexed = compile({ op: 'exists', field: 'items.0' });
    expect(indexed.text).toContain(`WHEN 'array' THEN d.document -> ?::text -> ?::int`);
    expect(indexed.params).toContain(0);
  });

  it('negates with IS NOT TRUE (two-valued) and compiles ne and nin as negations', () => {
    expect(compile({ op: 'ne', field: 'a', value: 1 }).text).toMatch(/\) IS NOT TRUE$/);
    expect(compile({ op: 'nin', field: 'a', values: [1] }).text).toMatch(/\) IS NOT TRUE$/);
    expect(compile({ op: 'not', spec: { op: 'exists', field: 'a' } }).text).toBe(
      '(d.document -> ?::text IS NOT NULL) IS NOT TRUE',
    );
  });

  it('folds empty lists and empty combinations to constants', () => {
    const text = (spec: Specification) => compile(spec).text;
    expect(text({ op: 'in', field: 'a', values: [] })).toBe('FALSE');
    expect(text({ op: 'containsAny', field: 'a', values: [] })).toBe('FALSE');
    expect(text({ op: 'nin', field: 'a', values: [] })).toBe('TRUE');
    expect(text({ op: 'containsAll', field: 'a', values: [] })).toBe('TRUE');
    expect(text({ op: 'and', specs: [] })).toBe('TRUE');
    expect(text({ op: 'or', specs: [] })).toBe('FALSE');
    expect(text({ op: 'not', spec: { op: 'or', specs: [] } })).toBe('TRUE');
  });

  it('uses the id column for the id path, and knows it always holds a string', () => {
    expect(compile({ op: 'gt', field: 'id', value: 'o5' })).toEqual(
      sql`d.id COLLATE "C" > ${'o5'}::text`,
    );
    expect(compile({ op: 'eq', field: 'id', value: 'o5' }).text).toBe('d.id IN (?::text)');
    expect(compile({ op: 'eq', field: 'id', value: 5 }).text).toBe('FALSE');
    expect(compile({ op: 'isNull', field: 'id' }).text).toBe('FALSE');
    expect(compile({ op: 'exists', field: 'id' }).text).toBe('TRUE');
  });

  it('has one parameter per placeholder for every case of the semantics table', () => {
    for (const { spec } of SPECIFICATION_SEMANTICS_CASES) {
      const fragment = compile(spec);
      expect(placeholders(fragment)).toBe(fragment.params.length);
    }
  });

  describe('hostile input', () => {
    const hostile = [
      `status' OR '1'='1`,
      `x"); DROP TABLE read_model_documents; --`,
      `a\\' OR TRUE --`,
      `$1 ?| ?? {}`,
    ];

    it('never puts field names or values into the SQL text', () => {
      for (const attack of hostile) {
        const specs: Specification[] = [
          { op: 'eq', field: attack, value: attack },
          { op: 'contains', field: `items.${attack}`, value: attack },
          { op: 'between', field: `${attack}.0`, from: attack, to: attack },
          { op: 'endsWith', field: attack, value: attack },
        ];
        for (const spec of specs) {
          const fragment = compile(spec);
          expect(fragment.text).not.toContain(attack);
          expect(fragment.text).not.toContain('DROP');
          expect(placeholders(fragment)).toBe(fragment.params.length);
          expect(fragment.params).toContain(attack);
        }
        const sort = compileSort([{ field: attack, direction: 'asc' }], OPTIONS);
        expect(sort.text).not.toContain(attack);
        expect(placeholders(sort)).toBe(sort.params.length);
      }
    });

    it('rejects NUL characters, which would cut the statement text short', () => {
      expect(validationPaths(() => compile({ op: 'eq', field: 'a\u0000b', value: 1 }))).toEqual([
        'filter.field',
      ]);
      expect(
        validationPaths(() =>
          compile({
            op: 'and',
            specs: [{ op: 'in', field: 'a', values: ['ok', 'x\u0000'] }],
          }),
        ),
      ).toEqual(['filter.specs.0.values.1']);
      expect(
        validationPaths(() => compileSort([{ field: 'a\u0000', direction: 'asc' }], OPTIONS)),
      ).toEqual(['sort.0.field']);
    });

    it('rejects malformed specifications and field paths', () => {
      expect(validationPaths(() => compile({ op: 'eq', field: 'a..b', value: 1 }))).toEqual([
        'filter.field',
      ]);
      expect(validationPaths(() => compile({ op: 'drop', field: 'a' } as never))).toEqual([
        'filter.op',
      ]);
      expect(
        validationPaths(() => compile({ op: 'eq', field: 'a', value: { $ne: 1 } } as never)),
      ).toEqual(['filter.value']);
      expect(validationPaths(() => compile({ op: 'gt', field: 'a', value: NaN }))).toEqual([
        'filter.value',
      ]);
    });
  });
});

describe('compileSort', () => {
  it('ranks types, then orders numbers and booleans as JSONB and strings by code point', () => {
    const { text, params } = compileSort(
      [
        { field: 'rank', direction: 'desc' },
        { field: 'id', direction: 'asc' },
      ],
      OPTIONS,
    );
    expect(text).toMatch(/^CASE jsonb_typeof\(d\.document -> \?::text\) WHEN 'number' THEN 1/);
    expect(text).toContain(`COLLATE "C" DESC, d.id COLLATE "C" ASC`);
    expect(text.match(/DESC/g)).toHaveLength(3);
    expect(params).toEqual(['rank', 'rank', 'rank', 'rank', 'rank']);
  });

  it('takes the single value a fanned-out path reaches', () => {
    const { text } = compileSort([{ field: 'items.price', direction: 'asc' }], OPTIONS);
    expect(text).toContain('(SELECT CASE WHEN count(*) = 1 THEN (array_agg(p1.v -> ?::text))[1]');
  });
});

describe('sql', () => {
  it('inlines fragments with their parameters and rejects literal placeholders', () => {
    expect(sql`a = ${1} AND ${sql`b = ${'x'}`}`).toEqual(sql`a = ${1} AND b = ${'x'}`);
    expect(() => sql`a = ?`).toThrow('must not contain "?"');
  });
});
