import { describe, expect, it } from '@jest/globals';
import { escapeFilterValue, parseFilterString, parseSortString } from './filter-string.parser.js';

describe('parseFilterString', () => {
  it('splits terms, operators and value lists', () => {
    const { terms, issues } = parseFilterString(
      'status:eq:confirmed,total:gt:100,customerId:in:a|b|c,createdAt:between:2024-01-01|2024-12-31,deletedAt:isNull',
    );
    expect(issues).toEqual([]);
    expect(terms).toEqual([
      { field: 'status', operator: 'eq', values: ['confirmed'] },
      { field: 'total', operator: 'gt', values: ['100'] },
      { field: 'customerId', operator: 'in', values: ['a', 'b', 'c'] },
      { field: 'createdAt', operator: 'between', values: ['2024-01-01', '2024-12-31'] },
      { field: 'deletedAt', operator: 'isNull', values: undefined },
    ]);
  });

  it('keeps colons after the operator in the value', () => {
    expect(parseFilterString('at:gt:2024-01-01T10:00:00Z').terms[0].values).toEqual([
      '2024-01-01T10:00:00Z',
    ]);
  });

  it('honours backslash escapes', () => {
    const { terms } = parseFilterString('name:in:a\\,b|c\\|d|e\\:f|g\\\\|\\%41');
    expect(terms[0].values).toEqual(['a,b', 'c|d', 'e:f', 'g\\', '%41']);
  });

  it('percent-decodes values as UTF-8, never splitting on decoded delimiters', () => {
    const { terms } = parseFilterString(
      'name:in:a%2Cb|Zo%C3%AB|100%|50%25%7Cx,city:eq:S%C3%A3o+Paulo',
    );
    expect(terms[0].values).toEqual(['a,b', 'Zoë', '100%', '50%|x']);
    expect(terms[1].values).toEqual(['São+Paulo']);
  });

  it('does not trim values but trims field and operator names, and ignores empty terms', () => {
    const { terms } = parseFilterString(' name : eq : padded ,,');
    expect(terms).toEqual([{ field: 'name', operator: 'eq', values: [' padded '] }]);
  });

  it('keeps empty values', () => {
    expect(parseFilterString('name:eq:').terms[0].values).toEqual(['']);
  });

  it('reports every malformed term, naming the field when there is one', () => {
    const { terms, issues } = parseFilterString('status,:eq:x,ok:eq:1,bad:eq:a\\,name:eq:%C3%28');
    expect(terms).toEqual([{ field: 'ok', operator: 'eq', values: ['1'] }]);
    expect(issues.map((issue) => [issue.path, issue.rule])).toEqual([
      ['filter.status', 'malformed'],
      ['filter', 'malformed'],
      ['filter.bad', 'malformed'],
    ]);
  });

  it('reports an invalid percent-encoding', () => {
    expect(parseFilterString('name:eq:%C3%28').issues.map((issue) => issue.path)).toEqual([
      'filter.name',
    ]);
  });
});

describe('escapeFilterValue', () => {
  it('escapes values so that they parse back unchanged', () => {
    const values = ['a,b', 'x:y|z', 'back\\slash', '100%', '%2C', 'plain'];
    const filter = `name:in:${values.map(escapeFilterValue).join('|')}`;
    expect(parseFilterString(filter).terms[0].values).toEqual(values);
  });
});

describe('parseSortString', () => {
  it('parses directions', () => {
    expect(parseSortString('-updatedAt, id,+total').terms).toEqual([
      { field: 'updatedAt', direction: 'desc' },
      { field: 'id', direction: 'asc' },
      { field: 'total', direction: 'asc' },
    ]);
  });

  it('reports empty and duplicate keys', () => {
    expect(parseSortString('-,a,-a').issues.map((issue) => issue.rule)).toEqual([
      'malformed',
      'duplicate',
    ]);
  });
});
