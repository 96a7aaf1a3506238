import { describe, expect, it } from '@jest/globals';
import { isValidationError, type ValidationIssue } from '../errors/validation.error.js';
import { SPECIFICATION_SEMANTICS_CASES } from '../testing/contracts/specification-semantics.cases.js';
import { parseSpecification } from './specification.validator.js';

function issuesOf(input: unknown): ValidationIssue[] {
  try {
    parseSpecification(input);
  } catch (error) {
    if (isValidationError(error)) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseSpecification', () => {
  it('accepts every specification of the semantics table unchanged', () => {
    for (const { spec } of SPECIFICATION_SEMANTICS_CASES) {
      expect(parseSpecification(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
    }
  });

  it('returns a copy', () => {
    const input = { op: 'in', field: 'a', values: ['x'] };
    const parsed = parseSpecification(input);
    input.values.push('y');
    expect(parsed).toEqual({ op: 'in', field: 'a', values: ['x'] });
  });

  it('reports every problem with its path', () => {
    const issues = issuesOf({
      op: 'and',
      specs: [
        { op: 'eq', field: 'a', value: { nested: true } },
        { op: 'between', field: 'b', from: 1, to: 'z' },
        { op: 'like', field: 'c', value: 'x' },
        { op: 'not', spec: { op: 'in', field: '', values: 'x' } },
        { op: 'isNull', field: 'd', value: true },
        { op: 'startsWith', field: 'e', value: 1 },
        'eq',
      ],
    });
    expect(issues.map((issue) => [issue.path, issue.rule])).toEqual([
      ['filter.specs.0.value', 'isScalar'],
      ['filter.specs.1.to', 'sameType'],
      ['filter.specs.2.op', 'isOperator'],
      ['filter.specs.3.spec.field', 'isFieldPath'],
      ['filter.specs.3.spec.values', 'isArray'],
      ['filter.specs.4.value', 'unknownProperty'],
      ['filter.specs.5.value', 'isString'],
      ['filter.specs.6', 'isSpecification'],
    ]);
  });

  it('rejects non-finite numbers and missing specs', () => {
    expect(issuesOf({ op: 'gt', field: 'a', value: Number.NaN })[0].path).toBe('filter.value');
    expect(issuesOf({ op: 'or' })[0].path).toBe('filter.specs');
    expect(issuesOf(null)[0].path).toBe('filter');
  });

  it('rejects nesting deeper than 32 levels', () => {
    let spec: unknown = { op: 'exists', field: 'a' };
    for (let i = 0; i < 40; i += 1) spec = { op: 'not', spec };
    expect(issuesOf(spec).map((issue) => issue.rule)).toEqual(['maxDepth']);
  });

  it('uses the given root path', () => {
    expect(() => parseSpecification({ op: 'eq' }, 'where')).toThrow(/where\.field/);
  });
});
