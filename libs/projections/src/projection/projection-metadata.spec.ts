import { describe, expect, it } from '@jest/globals';
import { isProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import { ItemAdded, OrderCreated, OrderSummaryProjection } from './order-summary.fixture.js';
import { On } from './on.decorator.js';
import { Projection } from './projection.decorator.js';
import {
  type ProjectionMetadata,
  assertDistinctProjections,
  projectionMetadataOf,
} from './projection-metadata.js';
import type { ProjectionOptions } from './projection.options.js';

function configurationError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(isProjectionsConfigurationError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('expected a ProjectionsConfigurationError');
}

function projectionWith(options: ProjectionOptions) {
  @Projection(options)
  class Configured {
    @On(OrderCreated)
    created() {}
  }
  return Configured;
}

describe('projectionMetadataOf', () => {
  it('reads a class or an instance, with defaults', () => {
    const metadata = projectionMetadataOf(new OrderSummaryProjection());
    expect(metadata).toMatchObject({
      target: OrderSummaryProjection,
      name: 'order-summary',
      version: 1,
      collection: 'order_summary',
      defaultTenantId: undefined,
      runOptions: {},
    });
    expect(Object.fromEntries(metadata.handlers)).toEqual({
      'order.created': 'created',
      'order.item-added': 'itemAdded',
      'order.cancelled': 'cancelled',
    });
    expect(projectionMetadataOf(OrderSummaryProjection).readTypes).toEqual([
      ...metadata.handlers.keys(),
    ]);
    expect(metadata.documentIdOf({ streamId: 'o-7' } as never)).toBe('o-7');
  });

  it('keeps explicit collection, run options and aliased types', () => {
    const metadata = projectionMetadataOf(
      projectionWith({
        name: 'x.y',
        version: 3,
        collection: 'custom',
        batchSize: 50,
        onPoison: 'park-and-stop',
        aliasedTypes: ['order.placed'],
      }),
    );
    expect(metadata).toMatchObject({
      name: 'x.y',
      version: 3,
      collection: 'custom',
      runOptions: { batchSize: 50, onPoison: 'park-and-stop' },
      readTypes: ['order.created', 'order.placed'],
    });
  });

  it('accepts one method for several types and inherits handlers', () => {
    @Projection({ name: 'base', version: 1 })
    class Base {
      @On([OrderCreated, 'order.renamed'])
      any() {}
    }
    @Projection({ name: 'derived', version: 1 })
    class Derived extends Base {
      @On(ItemAdded)
      added() {}
    }
    expect(Object.fromEntries(projectionMetadataOf(Derived).handlers)).toEqual({
      'order.created': 'any',
      'order.renamed': 'any',
      'order.item-added': 'added',
    });
    expect(projectionMetadataOf(Base).handlers.size).toBe(2);
  });

  it('rejects classes that are not projections or have no handler', () => {
    class Plain {}
    expect(configurationError(() => projectionMetadataOf(Plain)).message).toMatch(
      /Projection Plain: the class is not decorated with @Projection/,
    );
    @Projection({ name: 'empty', version: 1 })
    class Empty {}
    expect(configurationError(() => projectionMetadataOf(Empty)).message).toMatch(/no @On/);
    // A subclass must declare its own @Projection: names must stay unique.
    class Sub extends OrderSummaryProjection {}
    configurationError(() => projectionMetadataOf(Sub));
  });

  it('rejects two handlers for one type', () => {
    @Projection({ name: 'twice', version: 1 })
    class Twice {
      @On(OrderCreated)
      first() {}
      @On([ItemAdded, OrderCreated])
      second() {}
    }
    expect(configurationError(() => projectionMetadataOf(Twice)).message).toMatch(
      /both first\(\) and second\(\) handle "order.created"/,
    );
  });

  it.each([
    [{ name: '', version: 1 }, /name must be/],
    [{ name: '1abc', version: 1 }, /name must be/],
    [{ name: 'a:b', version: 1 }, /name must be/],
    [{ name: 'ok', version: 0 }, /version must be an integer >= 1, got 0/],
    [{ name: 'ok', version: 1.5 }, /version must be an integer/],
    [{ name: 'ok', version: 1, collection: 'has-dash' }, /collection must be/],
    [{ name: 'ok', version: 1, collection: 'c'.repeat(57) }, /collection must be 1-56/],
    [{ name: 'ok', version: 1, defaultTenantId: '' }, /defaultTenantId/],
  ])('rejects invalid options %j', (options, message) => {
    expect(configurationError(() => projectionMetadataOf(projectionWith(options))).message).toMatch(
      message,
    );
  });

  it('rejects @On on a static method', () => {
    expect(() => {
      class Static {
        @On(OrderCreated)
        static handle() {}
      }
      return Static;
    }).toThrow(/decorate an instance method/);
  });
});

describe('assertDistinctProjections', () => {
  const meta = (name: string, collection?: string): ProjectionMetadata =>
    projectionMetadataOf(projectionWith({ name, version: 1, collection }));

  it('accepts distinct projections and rejects shared names or collections', () => {
    expect(() => assertDistinctProjections([meta('a'), meta('b')])).not.toThrow();
    expect(
      configurationError(() => assertDistinctProjections([meta('a'), meta('a')])).message,
    ).toMatch(/share the name "a"/);
    expect(
      configurationError(() => assertDistinctProjections([meta('a-b'), meta('a_b')])).message,
    ).toMatch(/share the collection "a_b"/);
  });
});
