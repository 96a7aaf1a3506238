import type { SpecScalar } from './specification.types.js';

/** Types a query-schema field can have; values in filter strings are coerced to them. */
export type QueryFieldType = 'string' | 'number' | 'integer' | 'boolean' | 'date';

/** The coerced value, or what is wrong with the text. */
export type Coercion = { readonly value: SpecScalar } | { readonly error: string };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Coerces filter text to a field type:
 * - `number`: decimal notation (`-1.5`, `2e3`), finite; `integer`: digits, a safe integer;
 * - `boolean`: exactly `true` or `false`;
 * - `date`: `YYYY-MM-DD` (midnight UTC) or an ISO date-time with `Z` or an offset (a time
 *   without zone is ambiguous and rejected); the result is the canonical
 *   `toISOString()` text, e.g. `2024-01-01T00:00:00.000Z`;
 * - `string`: as is, and one of `allowed` when given.
 */
export function coerceQueryValue(
  text: string,
  type: QueryFieldType,
  allowed?: readonly string[],
): Coercion {
  const quoted = JSON.stringify(text);
  switch (type) {
    case 'number': {
      const value = Number(text);
      return NUMBER.test(text) && Number.isFinite(value)
        ? { value }
        : { error: `${quoted} is not a number` };
    }
    case 'integer': {
      const value = Number(text);
      return INTEGER.test(text) && Number.isSafeInteger(value)
        ? { value }
        : { error: `${quoted} is not an integer` };
    }
    case 'boolean':
      return text === 'true' || text === 'false'
        ? { value: text === 'true' }
        : { error: `${quoted} is not a boolean (true or false)` };
    case 'date':
      return coerceDate(text);
    case 'string':
      return !allowed || allowed.includes(text)
        ? { value: text }
        : { error: `${quoted} is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
  }
}

function coerceDate(text: string): Coercion {
  const error = {
    error: `${JSON.stringify(text)} is not a date (YYYY-MM-DD or an ISO date-time with Z or an offset)`,
  };
  const match = DATE.exec(text);
  if (!match) return error;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  const calendar = new Date(0);
  calendar.setUTCFullYear(y, mo - 1, d);
  const validDay = calendar.getUTCMonth() === mo - 1 && calendar.getUTCDate() === d;
  if (!validDay || h > 23 || mi > 59 || s > 59) return error;
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? error : { value: parsed.toISOString() };
}
