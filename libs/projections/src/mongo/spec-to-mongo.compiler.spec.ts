import { describe, expect, it } from '@jest/globals';
import { type Specification, evaluate, isValidationError } from '@cqrs-ddd/core';
import { SPECIFICATION_FIXTURE, SPECIFICATION_SEMANTICS_CASES } from '@cqrs-ddd/core/testing';
import { Query } from 'mingo';
import { codePointMismatches } from './code-point-range.js';
import { compileSpecToMongo } from './spec-to-mongo.compiler.js';
import { TRICKY_DOCUMENTS, trickySpecifications } from './spec-to-mongo.fixture.js';

type Fixture = readonly { readonly id: string }[];

/** Ids of `documents` the compiled filter matches, run by mingo over `{ doc }` wrappers. */
function mingoIds(spec: Specification, documents: Fixture): string[] {
  const query = new Query(compileSpecToMongo(spec));
  return documents.filter((doc) => query.test({ doc })).map((doc) => doc.id);
}

function evaluatedIds(spec: Specification, documents: Fixture): string[] {
  return documents.filter((doc) => evaluate(spec, doc)).map((doc) => doc.id);
}

describe('compileSpecToMongo, run by mingo, means what evaluate means', () => {
  it.each(SPECIFICATION_SEMANTICS_CASES.map((c) => [c.name, c] as const))(
    'semantics table: %s',
    (_, c) => {
      expect(mingoIds(c.spec, SPECIFICATION_FIXTURE)).toEqual(c.expected);
      expect(evaluatedIds(c.spec, SPECIFICATION_FIXTURE)).toEqual(c.expected);
    },
  );

  it('agrees with evaluate on every operator over arrays, nulls, nesting and non-BMP text', () => {
    const specs = trickySpecifications();
    expect(specs.length).toBeGreaterThan(900);
    const disagreements = specs.flatMap((spec) => {
      const expected = evaluatedIds(spec, TRICKY_DOCUMENTS);
      const actual = mingoIds(spec, TRICKY_DOCUMENTS);
      return JSON.stringify(actual) === JSON.stringify(expected)
        ? []
        : [{ spec: JSON.stringify(spec), expected, actual }];
    });
    expect(disagreements).toEqual([]);
  });
});

describe('compileSpecToMongo', () => {
  it('puts every path under the root key, walking dotted paths element by element', () => {
    expect(compileSpecToMongo({ op: 'gt', field: 'total', value: 5 })).toEqual({
      'doc.total': { $gt: 5 },
    });
    expect(
      compileSpecToMongo({ op: 'eq', field: 'customer.city', value: 'Paris' }, { root: 'data' }),
    ).toEqual({
      $or: [
        { 'data.customer': { $elemMatch: { city: { $eq: 'Paris' } } } },
        {
          $and: [
            { 'data.customer': { $not: { $type: 'array' } } },
            { 'data.customer.city': { $eq: 'Paris' } },
          ],
        },
      ],
    });
  });

  it('maps empty and / or / not to filters MongoDB accepts', () => {
    const nothing = { _id: { $in: [] } };
    expect(compileSpecToMongo({ op: 'and', specs: [] })).toEqual({});
    expect(compileSpecToMongo({ op: 'or', specs: [] })).toEqual(nothing);
    expect(compileSpecToMongo({ op: 'not', spec: { op: 'and', specs: [] } })).toEqual(nothing);
    expect(compileSpecToMongo({ op: 'not', spec: { op: 'or', specs: [] } })).toEqual({});
    expect(compileSpecToMongo({ op: 'containsAll', field: 'tags', values: [] })).toEqual({});
  });

  it('escapes regex syntax in text operators', () => {
    const filter = compileSpecToMongo({ op: 'startsWith', field: 'note', value: 'a.b*(c)' });
    expect(filter).toEqual({ 'doc.note': { $regex: '^a\\.b\\*\\(c\\)' } });
    const query = new Query(filter);
    expect(query.test({ doc: { note: 'a.b*(c)!' } })).toBe(true);
    expect(query.test({ doc: { note: 'axb*(c)' } })).toBe(false);
  });

  it('adds code-point corrections only for bounds holding U+E000-U+FFFF or non-BMP text', () => {
    expect(codePointMismatches('plain text')).toEqual({});
    expect(compileSpecToMongo({ op: 'lt', field: 'name', value: 'Zoë' })).toEqual({
      'doc.name': { $lt: 'Zoë' },
    });
    const corrected = codePointMismatches('a\u{1F600}b\uE001');
    expect(corrected.utf16Above).toBe('a[\uE000-\uFFFF]');
    expect(corrected.utf16Below).toBe('a\u{1F600}b[^\\x00-\uD7FF\uE000-\uFFFF]');
  });

  it('rejects field paths MongoDB cannot query, with ValidationError', () => {
    for (const field of ['$where', 'a.$gt', 'a..b', '']) {
      let error: unknown;
      try {
        compileSpecToMongo({ op: 'eq', field, value: 1 });
      } catch (caught) {
        error = caught;
      }
      expect(isValidationError(error)).toBe(true);
    }
  });
});
