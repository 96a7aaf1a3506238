import { ALWAYS_REDACTED_KEYS, normaliseKey, REDACTED, redactPayload } from '@cqrs-ddd/core';

const WILDCARD = '*';

/**
 * Redacts audit `details` (e.g. a command payload) before they are stored. Two kinds of rules:
 *
 * - **keys** (no `.`): redacted wherever they appear, compared like core's `redactPayload`
 *   (case-insensitive, ignoring `-` and `_`); core's `ALWAYS_REDACTED_KEYS` (password, secret,
 *   token, authorization, apiKey, cardNumber, cvv, iban...) always apply;
 * - **paths** (dotted, from the root of the details, `*` for any key or array item): e.g.
 *   `payment.card.number`, `customers.*.email`.
 *
 * The result is a plain object of JSON values (Dates as ISO strings, bigints as strings,
 * `undefined` and functions dropped, non-finite numbers as `null`), safe for every store.
 */
export class AuditRedactor {
  private readonly keys: ReadonlySet<string>;
  private readonly paths: readonly (readonly string[])[];

  /** @param rules keys and dotted paths redacted in addition to the built-in keys */
  constructor(rules: readonly string[] = []) {
    const extraKeys = rules.filter((rule) => !rule.includes('.'));
    this.keys = new Set([...ALWAYS_REDACTED_KEYS, ...extraKeys].map(normaliseKey));
    this.paths = rules
      .filter((rule) => rule.includes('.'))
      .map((rule) => rule.split('.').map((segment) => normaliseKey(segment)));
  }

  /** A redacted, JSON-clean copy of `details`. */
  redact(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const copy = redactPayload(details, this.keys);
    for (const path of this.paths) redactPath(copy, path);
    const json: unknown = JSON.parse(JSON.stringify(copy) ?? '{}');
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : {};
  }
}

/** Replaces the values at `path` (normalised segments) inside the fresh copy `value`. */
function redactPath(value: unknown, path: readonly string[]): void {
  if (typeof value !== 'object' || value === null || path.length === 0) return;
  const [segment, ...rest] = path as [string, ...string[]];
  const container = value as Record<string, unknown>;
  for (const key of Object.keys(container)) {
    if (segment !== WILDCARD && normaliseKey(key) !== segment) continue;
    if (rest.length === 0) container[key] = REDACTED;
    else redactPath(container[key], rest);
  }
}
