import { createHash } from 'node:crypto';

/**
 * SHA-256 (hex) of `type` and a canonical JSON form of `payload`: object keys sorted at every
 * level, so the same content built in another key order has the same fingerprint.
 */
export function payloadFingerprint(type: string, payload: unknown): string {
  return createHash('sha256')
    .update(type)
    .update('\n')
    .update(JSON.stringify(payload, sortKeys) ?? 'undefined')
    .digest('hex');
}

function sortKeys(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}
