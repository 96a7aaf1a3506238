import { describe, expect, it } from '@jest/globals';
import { isCqrsDddError } from '@cqrs-ddd/core';
import {
  EventStoreConfigurationError,
  isEventStoreConfigurationError,
} from './event-store-configuration.error.js';
import { EventStoreError, isEventStoreError } from './event-store.error.js';
import {
  InvalidAggregateClassError,
  isInvalidAggregateClassError,
} from './invalid-aggregate-class.error.js';
import { InvalidUpcasterError, isInvalidUpcasterError } from './invalid-upcaster.error.js';
import {
  isUnknownStoredEventTypeError,
  UnknownStoredEventTypeError,
} from './unknown-stored-event-type.error.js';
import { isUpcastingFailedError, UpcastingFailedError } from './upcasting-failed.error.js';

const cases = [
  {
    error: new UnknownStoredEventTypeError('order.placed', 'o-1', 3),
    code: 'UNKNOWN_STORED_EVENT_TYPE',
    guard: isUnknownStoredEventTypeError,
    message: /"order\.placed" \(stream "o-1", version 3\).*aliases.*'skip'/,
  },
  {
    error: new UpcastingFailedError('order.created', 1, 2, 'e-1', 'it threw', { cause: 'x' }),
    code: 'UPCASTING_FAILED',
    guard: isUpcastingFailedError,
    message: /event e-1 \("order\.created" v1 -> v2\) failed: it threw/,
  },
  {
    error: new InvalidUpcasterError('upcaster t v1 -> v2 (X)', 'duplicate'),
    code: 'INVALID_UPCASTER',
    guard: isInvalidUpcasterError,
    message: /^Invalid upcaster t v1 -> v2 \(X\): duplicate$/,
  },
  {
    error: new InvalidAggregateClassError('Order', 'no type'),
    code: 'INVALID_AGGREGATE_CLASS',
    guard: isInvalidAggregateClassError,
    message: /^Invalid aggregate class Order: no type$/,
  },
  {
    error: new EventStoreConfigurationError('bad driver'),
    code: 'EVENT_STORE_CONFIGURATION',
    guard: isEventStoreConfigurationError,
    message: /^EventStoreModule is misconfigured: bad driver$/,
  },
];

describe('event store errors', () => {
  it.each(cases)(
    '$code: stable code, base classes, message, guard',
    ({ error, code, guard, message }) => {
      expect(error.code).toBe(code);
      expect(error.name).toBe(error.constructor.name);
      expect(error).toBeInstanceOf(EventStoreError);
      expect(isEventStoreError(error)).toBe(true);
      expect(isCqrsDddError(error)).toBe(true);
      expect(error.message).toMatch(message);
      expect(guard(error)).toBe(true);
    },
  );

  it('guards check the code and reject everything else', () => {
    for (const { guard, code } of cases) {
      expect(guard(new Error(code))).toBe(false);
      expect(guard({ code })).toBe(false);
      expect(guard(undefined)).toBe(false);
      for (const other of cases) if (other.code !== code) expect(guard(other.error)).toBe(false);
    }
    expect(isEventStoreError(new Error('x'))).toBe(false);
  });

  it('keeps the cause', () => {
    expect(cases[1].error.cause).toBe('x');
  });
});
