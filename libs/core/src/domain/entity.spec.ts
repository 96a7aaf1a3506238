import { describe, expect, it } from '@jest/globals';
import { Entity } from './entity.js';
import { ValueObject } from './value-object.js';

class Customer extends Entity {
  constructor(
    readonly id: string,
    public name: string,
  ) {
    super();
  }
}

class Supplier extends Entity {
  constructor(readonly id: string) {
    super();
  }
}

class SkuId extends ValueObject<{ value: string }> {
  static of(value: string): SkuId {
    return new SkuId({ value });
  }
}

class Product extends Entity<SkuId | undefined> {
  id: SkuId | undefined;
}

describe('Entity', () => {
  it('is equal to a same-class entity with the same id, whatever its other fields', () => {
    expect(new Customer('c-1', 'Ada').equals(new Customer('c-1', 'Grace'))).toBe(true);
    expect(new Customer('c-1', 'Ada').equals(new Customer('c-2', 'Ada'))).toBe(false);
    expect(new Customer('c-1', 'Ada').equals(new Supplier('c-1'))).toBe(false);
    expect(new Customer('c-1', 'Ada').equals({ id: 'c-1' })).toBe(false);
  });

  it('compares value-object ids by value', () => {
    const a = new Product();
    a.id = SkuId.of('sku-1');
    const b = new Product();
    b.id = SkuId.of('sku-1');
    expect(a.equals(b)).toBe(true);
  });

  it('treats entities without id as equal only to themselves', () => {
    const a = new Product();
    expect(a.equals(a)).toBe(true);
    expect(a.equals(new Product())).toBe(false);
  });
});
