import { describe, expect, it } from '@jest/globals';
import { coerceQueryValue } from './query-value.coercion.js';

describe('coerceQueryValue', () => {
  it.each([
    ['number', '42', 42],
    ['number', '-1.5', -1.5],
    ['number', '.5', 0.5],
    ['number', '2e3', 2000],
    ['integer', '-7', -7],
    ['boolean', 'true', true],
    ['boolean', 'false', false],
    ['date', '2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['date', '2024-01-01T10:00Z', '2024-01-01T10:00:00.000Z'],
    ['date', '2024-01-01T10:00:00.123456+02:00', '2024-01-01T08:00:00.123Z'],
    ['string', ' as is ', ' as is '],
  ] as const)('coerces %s %j', (type, text, value) => {
    expect(coerceQueryValue(text, type)).toEqual({ value });
  });

  it.each([
    ['number', ''],
    ['number', '1,5'],
    ['number', '0x10'],
    ['number', 'Infinity'],
    ['number', '1e999'],
    ['integer', '1.0'],
    ['integer', '9007199254740993'],
    ['boolean', 'TRUE'],
    ['boolean', '1'],
    ['date', '2023-02-29'],
    ['date', '2024-13-01'],
    ['date', '2024-01-01T24:00:00Z'],
    ['date', '2024-01-01T10:00:00'],
    ['date', '01/02/2024'],
  ] as const)('rejects %s %j', (type, text) => {
    expect(coerceQueryValue(text, type)).toEqual({ error: expect.any(String) });
  });

  it('checks enums', () => {
    expect(coerceQueryValue('b', 'string', ['a', 'b'])).toEqual({ value: 'b' });
    expect(coerceQueryValue('B', 'string', ['a', 'b'])).toEqual({
      error: '"B" is not one of "a", "b"',
    });
  });
});
