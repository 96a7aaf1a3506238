import { describe, expect, it } from '@jest/globals';
import { isValidationError } from '../errors/validation.error.js';
import { Spec, where } from './spec.builder.js';

interface OrderSummary {
  id: string;
  status: 'pending' | 'confirmed' | 'cancelled';
  total: number;
  updatedAt: string;
  customer: { name: string; address?: { city: string } | null };
  items: { productId: string; quantity: number }[];
  tags: string[];
}

function validationPaths(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (isValidationError(error)) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('where / Spec', () => {
  it('builds the AST of every operator', () => {
    const w = where<OrderSummary>;
    expect(w('status').eq('confirmed').node).toEqual({
      op: 'eq',
      field: 'status',
      value: 'confirmed',
    });
    expect(w('total').ne(1).node).toEqual({ op: 'ne', field: 'total', value: 1 });
    expect(w('total').gt(1).node.op).toBe('gt');
    expect(w('total').gte(1).node.op).toBe('gte');
    expect(w('total').lt(1).node.op).toBe('lt');
    expect(w('total').lte(1).node.op).toBe('lte');
    expect(w('status').in(['pending', 'confirmed']).node).toEqual({
      op: 'in',
      field: 'status',
      values: ['pending', 'confirmed'],
    });
    expect(w('status').nin(['pending']).node.op).toBe('nin');
    expect(w('total').between(1, 5).node).toEqual({
      op: 'between',
      field: 'total',
      from: 1,
      to: 5,
    });
    expect(w('customer.name').contains('d').node.op).toBe('contains');
    expect(w('customer.name').startsWith('A').node).toEqual({
      op: 'startsWith',
      field: 'customer.name',
      value: 'A',
    });
    expect(w('customer.name').endsWith('a').node.op).toBe('endsWith');
    expect(w('customer.address.city').isNull().node).toEqual({
      op: 'isNull',
      field: 'customer.address.city',
    });
    expect(w('customer.address').exists().node).toEqual({
      op: 'exists',
      field: 'customer.address',
    });
    expect(w('tags').containsAny(['a']).node.op).toBe('containsAny');
    expect(w('items.productId').containsAll(['p1', 'p2']).node).toEqual({
      op: 'containsAll',
      field: 'items.productId',
      values: ['p1', 'p2'],
    });
    expect(w('items.0.quantity').gt(0).node).toEqual({
      op: 'gt',
      field: 'items.0.quantity',
      value: 0,
    });
  });

  it('checks paths against the model at compile time', () => {
    // @ts-expect-error unknown field
    expect(() => where<OrderSummary>('stauts')).not.toThrow();
    // @ts-expect-error no such nested field
    expect(() => where<OrderSummary>('customer.zip')).not.toThrow();
    expect(where('anything.goes').field).toBe('anything.goes');
  });

  it('composes with and / or / not, flattening nested and / or', () => {
    const a = where('a').eq(1);
    const b = where('b').eq(2);
    const c = where('c').eq(3);
    expect(a.and(b).and(c).node).toEqual({ op: 'and', specs: [a.node, b.node, c.node] });
    expect(Spec.or(a, Spec.or(b, c)).node).toEqual({ op: 'or', specs: [a.node, b.node, c.node] });
    expect(a.or(b).and(c).node).toEqual({
      op: 'and',
      specs: [{ op: 'or', specs: [a.node, b.node] }, c.node],
    });
    expect(a.not().node).toEqual({ op: 'not', spec: a.node });
    expect(Spec.not({ op: 'exists', field: 'x' }).node).toEqual({
      op: 'not',
      spec: { op: 'exists', field: 'x' },
    });
    expect(Spec.and().node).toEqual({ op: 'and', specs: [] });
  });

  it('serialises to the plain AST', () => {
    const spec = where('status').eq('confirmed').and(where('total').gt(100));
    expect(JSON.parse(JSON.stringify({ filter: spec }))).toEqual({
      filter: {
        op: 'and',
        specs: [
          { op: 'eq', field: 'status', value: 'confirmed' },
          { op: 'gt', field: 'total', value: 100 },
        ],
      },
    });
    expect(Spec.from(spec.node).toSpecification()).toBe(spec.node);
    expect(Spec.from(spec)).toBe(spec);
  });

  it('stores Dates as canonical ISO strings', () => {
    const at = new Date('2024-01-02T03:04:05.006Z');
    expect(where('updatedAt').gte(at).node).toEqual({
      op: 'gte',
      field: 'updatedAt',
      value: '2024-01-02T03:04:05.006Z',
    });
    expect(where('updatedAt').between(at, '2025-01-01T00:00:00.000Z').node).toEqual({
      op: 'between',
      field: 'updatedAt',
      from: '2024-01-02T03:04:05.006Z',
      to: '2025-01-01T00:00:00.000Z',
    });
  });

  it('rejects values that are not JSON scalars, and malformed paths', () => {
    expect(validationPaths(() => where('total').eq(Number.NaN))).toEqual(['total']);
    expect(validationPaths(() => where('total').in([1, Number.POSITIVE_INFINITY]))).toEqual([
      'total',
    ]);
    expect(validationPaths(() => where('at').eq(new Date('nope')))).toEqual(['at']);
    expect(validationPaths(() => where('a').eq(null as never))).toEqual(['a']);
    expect(validationPaths(() => where('total').between(1, '2'))).toEqual(['total']);
    expect(validationPaths(() => where('a..b' as string))).toEqual(['field']);
    expect(validationPaths(() => where(''))).toEqual(['field']);
  });
});
