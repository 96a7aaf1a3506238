import { describe, expect, it } from '@jest/globals';
import {
  SPECIFICATION_FIXTURE,
  SPECIFICATION_SEMANTICS_CASES,
} from '../testing/contracts/specification-semantics.cases.js';
import { where } from './spec.builder.js';
import { evaluate, matches } from './specification.evaluator.js';
import { parseSpecification } from './specification.validator.js';

const idsMatching = (spec: Parameters<typeof matches>[0]) =>
  SPECIFICATION_FIXTURE.filter(matches(spec)).map((document) => document.id);

describe('evaluate', () => {
  it.each(SPECIFICATION_SEMANTICS_CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(idsMatching(c.spec)).toEqual(c.expected);
  });

  it.each(SPECIFICATION_SEMANTICS_CASES.map((c) => [c.name, c] as const))(
    'means the same after a JSON round trip: %s',
    (_, c) => {
      const received = parseSpecification(JSON.parse(JSON.stringify(c.spec)));
      expect(idsMatching(received)).toEqual(c.expected);
    },
  );

  it('treats a Date in the document as its ISO string', () => {
    const document = { at: new Date('2024-05-01T00:00:00.000Z'), log: [new Date(0)] };
    expect(evaluate(where('at').eq('2024-05-01T00:00:00.000Z'), document)).toBe(true);
    expect(evaluate(where('at').gt(new Date('2024-04-30T00:00:00.000Z')), document)).toBe(true);
    expect(evaluate(where('log').contains(new Date(0)), document)).toBe(true);
    expect(evaluate(where('log').eq('1970-01-01T00:00:00.000Z'), document)).toBe(true);
  });

  it('treats an invalid Date as null', () => {
    expect(evaluate(where('at').isNull(), { at: new Date('nope') })).toBe(true);
  });

  it('never follows the prototype chain', () => {
    expect(evaluate(where('constructor.name').eq('Object'), {})).toBe(false);
    expect(evaluate(where('toString').exists(), {})).toBe(false);
    expect(evaluate(where('length').eq(2), ['a', 'b'])).toBe(false);
  });

  it('accepts builders and plain nodes alike, and scalars as targets', () => {
    expect(evaluate({ op: 'eq', field: 'a', value: 1 }, { a: 1 })).toBe(true);
    expect(evaluate(where('a').isNull(), 42)).toBe(true);
    expect(evaluate(where('a').exists(), null)).toBe(false);
  });

  it('never equates objects or arrays with scalars', () => {
    expect(evaluate(where('a').eq('[object Object]'), { a: {} })).toBe(false);
    expect(evaluate(where('a').eq('1,2'), { a: [[1, 2]] })).toBe(false);
    expect(evaluate(where('a').in(['x']), { a: [['x']] })).toBe(false);
  });
});

describe('matches', () => {
  it('curries evaluate for Array#filter', () => {
    const rows = [{ n: 1 }, { n: 2 }, { n: 3 }];
    expect(rows.filter(matches(where('n').gte(2)))).toEqual([{ n: 2 }, { n: 3 }]);
  });
});
