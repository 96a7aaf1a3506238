import { describe, expect, it } from '@jest/globals';
import { DomainEvent } from './domain-event.js';
import { StateStoredAggregateRoot } from './state-stored-aggregate-root.js';

class ProductRenamed extends DomainEvent {
  static readonly type = 'product.renamed';
  constructor(
    readonly productId: string,
    readonly name: string,
  ) {
    super();
  }
}

class Product extends StateStoredAggregateRoot {
  id!: string;
  name = '';

  static create(id: string, name: string): Product {
    const product = new Product();
    product.id = id;
    product.rename(name);
    return product;
  }

  rename(name: string): void {
    this.name = name;
    this.record(new ProductRenamed(this.id, name));
  }
}

describe('StateStoredAggregateRoot', () => {
  it('records pending events alongside the state change', () => {
    const product = Product.create('p-1', 'Desk');
    product.rename('Standing desk');
    expect(product.name).toBe('Standing desk');
    expect(product.pendingEvents).toEqual([
      new ProductRenamed('p-1', 'Desk'),
      new ProductRenamed('p-1', 'Standing desk'),
    ]);
    product.clearPendingEvents();
    expect(product.pendingEvents).toEqual([]);
    expect(product.version).toBe(0);
  });

  it('keeps pending events out of enumerable fields', () => {
    const product = Product.create('p-1', 'Desk');
    expect(Object.keys(product).sort()).toEqual(['id', 'name', 'version']);
    expect(Reflect.ownKeys(product).filter((key) => typeof key === 'symbol')).toHaveLength(1);
    expect(
      Object.getOwnPropertySymbols(product).every(
        (s) => !Object.prototype.propertyIsEnumerable.call(product, s),
      ),
    ).toBe(true);
    expect(JSON.parse(JSON.stringify(product))).toEqual({ id: 'p-1', name: 'Desk', version: 0 });
  });

  it('works on instances hydrated without the constructor, as ORMs create them', () => {
    const hydrated = Object.assign(Object.create(Product.prototype) as Product, {
      id: 'p-2',
      name: 'Chair',
      version: 4,
    });
    expect(hydrated.pendingEvents).toEqual([]);
    hydrated.rename('Armchair');
    expect(hydrated.pendingEvents).toEqual([new ProductRenamed('p-2', 'Armchair')]);
    expect(hydrated.version).toBe(4);
    expect(hydrated.equals(Product.create('p-2', 'Other'))).toBe(true);
  });
});
