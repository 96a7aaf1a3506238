import { describe, expect, it } from '@jest/globals';
import { AggregateRoot, ValidationError } from '@cqrs-ddd/core';
import { InvalidAggregateClassError } from '../errors/invalid-aggregate-class.error.js';
import {
  aggregateTypeOf,
  assertSupportsSnapshots,
  snapshotRevisionOf,
  streamIdOf,
} from './aggregate-class.js';
import { Order } from './order.fixture.js';

class Bare extends AggregateRoot {}

describe('aggregate class helpers', () => {
  it('aggregateTypeOf: the override, else the class’s own static aggregateType', () => {
    expect(aggregateTypeOf(Order)).toBe('Order');
    expect(aggregateTypeOf(Order, 'Purchase')).toBe('Purchase');
    expect(aggregateTypeOf(Bare, 'Bare')).toBe('Bare');
    class SpecialOrder extends Order {}
    expect(() => aggregateTypeOf(SpecialOrder)).toThrow(InvalidAggregateClassError);
    expect(() => aggregateTypeOf(Bare)).toThrow(/static readonly aggregateType/);
    expect(() => aggregateTypeOf(Bare, ' ')).toThrow(InvalidAggregateClassError);
  });

  it('snapshotRevisionOf: the override, else the class’s snapshotRevision, else 1', () => {
    class Revised extends Order {
      static readonly snapshotRevision = 4;
    }
    expect(snapshotRevisionOf(Order)).toBe(1);
    expect(snapshotRevisionOf(Revised)).toBe(4);
    expect(snapshotRevisionOf(Revised, 7)).toBe(7);
    expect(() => snapshotRevisionOf(Order, 0)).toThrow(InvalidAggregateClassError);
    expect(() => snapshotRevisionOf(Order, 1.5)).toThrow(/integer >= 1/);
  });

  it('assertSupportsSnapshots: both hooks must be overridden', () => {
    expect(() => assertSupportsSnapshots(Order)).not.toThrow();
    expect(() => assertSupportsSnapshots(Bare)).toThrow(
      /does not override toSnapshot and restoreSnapshot\(\)/,
    );
  });

  it('streamIdOf: strings, numbers, bigints and value objects with their own toString()', () => {
    expect(streamIdOf('o-1')).toBe('o-1');
    expect(streamIdOf(42)).toBe('42');
    expect(streamIdOf(9007199254740993n)).toBe('9007199254740993');
    expect(streamIdOf({ toString: () => 'vo-1' })).toBe('vo-1');
    for (const bad of [{}, null, undefined, true, Symbol('s')]) {
      expect(() => streamIdOf(bad)).toThrow(ValidationError);
    }
  });
});
