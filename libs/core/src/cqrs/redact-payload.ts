/**
 * Keys whose values are always redacted from logged payloads, compared case-insensitively
 * and ignoring `-` and `_` (so `api_key`, `apiKey` and `API-KEY` all match `apikey`).
 */
export const ALWAYS_REDACTED_KEYS: readonly string[] = [
  'password',
  'passphrase',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'authorization',
  'cookie',
  'apikey',
  'privatekey',
  'creditcard',
  'cardnumber',
  'cvv',
  'cvc',
  'iban',
  'ssn',
];

/** Replacement of redacted values. */
export const REDACTED = '[REDACTED]';

const MAX_DEPTH = 8;

/** Normalises a key for comparison: lower case, without `-` and `_`. */
export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/**
 * A JSON-friendly copy of `value` with the values of sensitive keys replaced by
 * {@link REDACTED}. `keys` must be normalised (see {@link normaliseKey}). Cycles and depth
 * beyond 8 levels are cut; functions and symbols are dropped.
 */
export function redactPayload(value: unknown, keys: ReadonlySet<string>): unknown {
  return copy(value, keys, 0, new WeakSet());
}

function copy(
  value: unknown,
  keys: ReadonlySet<string>,
  depth: number,
  seen: WeakSet<object>,
): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => copy(item, keys, depth + 1, seen));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = keys.has(normaliseKey(key)) ? REDACTED : copy(item, keys, depth + 1, seen);
  }
  return result;
}
