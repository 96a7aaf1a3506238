import { describe, expect, it } from '@jest/globals';
import type { FieldPath } from './field-path.js';
import { resolveFieldPath, splitFieldPath } from './field-path.js';

interface Model {
  id: string;
  customer: { address?: { city: string } | null };
  items: { productId: string; tags: string[] }[];
  at: Date;
}

describe('FieldPath', () => {
  it('lists the paths of a model', () => {
    const paths: FieldPath<Model>[] = [
      'id',
      'customer.address.city',
      'items.productId',
      'items.0.productId',
      'items.tags',
      'at',
    ];
    // @ts-expect-error not a path of Model
    const wrong: FieldPath<Model> = 'customer.city';
    // @ts-expect-error Dates are leaves
    const intoDate: FieldPath<Model> = 'at.getTime';
    const untyped: FieldPath<unknown> = 'any.thing';
    expect([...paths, wrong, intoDate, untyped]).toHaveLength(9);
  });
});

describe('resolveFieldPath', () => {
  const document = {
    a: { b: null, c: { d: 1 } },
    items: [{ id: 1, tags: ['x'] }, { id: 2 }, 'scalar'],
    empty: [],
    when: new Date(0),
  };

  it('follows nested properties', () => {
    expect(resolveFieldPath(document, 'a.c.d')).toEqual([1]);
    expect(resolveFieldPath(document, 'a.b')).toEqual([null]);
    expect(resolveFieldPath(document, 'a.b.c')).toEqual([undefined]);
    expect(resolveFieldPath(document, 'nope.x')).toEqual([undefined]);
  });

  it('fans out over arrays and selects indexes', () => {
    expect(resolveFieldPath(document, 'items.id')).toEqual([1, 2, undefined]);
    expect(resolveFieldPath(document, 'items.tags')).toEqual([['x'], undefined, undefined]);
    expect(resolveFieldPath(document, 'items.1.id')).toEqual([2]);
    expect(resolveFieldPath(document, 'items.9.id')).toEqual([undefined]);
    expect(resolveFieldPath(document, 'empty.x')).toEqual([]);
  });

  it('normalises dates to ISO strings', () => {
    expect(resolveFieldPath(document, 'when')).toEqual(['1970-01-01T00:00:00.000Z']);
  });
});

describe('splitFieldPath', () => {
  it('rejects empty segments', () => {
    expect(splitFieldPath('a.b')).toEqual(['a', 'b']);
    for (const bad of ['', '.a', 'a.', 'a..b']) expect(() => splitFieldPath(bad)).toThrow(/dotted/);
  });
});
