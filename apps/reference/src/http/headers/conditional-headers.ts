import { ValidationError } from '@cqrs-ddd/core';

/** The `ETag` of a resource at `version`: a strong validator, e.g. `"3"`. */
export function versionETag(version: number): string {
  return `"${version}"`;
}

/**
 * The expected version an `If-Match` header asks for: `"3"` (the `ETag` of a read) or a bare
 * `3`; absent, empty or `*` (any current version) ask for none. Lists and weak validators
 * cannot be checked against one version and are rejected.
 * @throws ValidationError at path `If-Match`
 */
export function parseIfMatch(raw: string | undefined): number | undefined {
  const value = raw?.trim();
  if (value === undefined || value === '' || value === '*') return undefined;
  const match = /^(?:"(\d{1,15})"|(\d{1,15}))$/.exec(value);
  const version = match ? Number(match[1] ?? match[2]) : NaN;
  if (!(version >= 1)) {
    throw ValidationError.of(
      'If-Match',
      `must be one order version as sent in ETag (e.g. "3"), got ${JSON.stringify(value)}`,
      'isVersion',
    );
  }
  return version;
}

/**
 * The version an `X-Min-Version` header asks a read to wait for; `undefined` when absent.
 * @throws ValidationError at path `X-Min-Version`
 */
export function parseMinVersionHeader(raw: string | undefined): number | undefined {
  const value = raw?.trim();
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) {
    throw ValidationError.of(
      'X-Min-Version',
      `must be a whole number >= 1 (a version from a write response), got ${JSON.stringify(value)}`,
      'isInt',
    );
  }
  return Number(value);
}

/** Idempotency keys: 1-255 visible ASCII characters (a UUID is a good choice). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The `Idempotency-Key` of a request; `undefined` when absent.
 * @throws ValidationError at path `Idempotency-Key`
 */
export function parseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw ValidationError.of(
      'Idempotency-Key',
      'must be 1 to 255 visible ASCII characters, e.g. a UUID',
      'isIdempotencyKey',
    );
  }
  return value;
}
