import { createHash } from 'node:crypto';
import type { AuditEntry } from '@cqrs-ddd/core';

/** `previousHash` of the first entry of a chain: 64 zeros. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** Version tag hashed first, so a future change of the hashed layout can be told apart. */
const HASH_FORMAT = 'cqrs-ddd-audit/1';

/**
 * The chain an entry belongs to: its tenant id, or `''` for platform entries (no tenant).
 * Every chain has its own sequence 1, 2, 3...
 */
export function auditChainKey(tenantId: string | null | undefined): string {
  return tenantId ?? '';
}

/**
 * The hash linking `entry` into its chain: SHA-256 (hex) over a JSON array in a fixed order —
 * format tag, `previousHash`, `sequence`, tenant, id, `occurredAt` (ISO 8601), actor id and
 * auth method, action, resource type and id, outcome, reason, error code, correlation id,
 * client address, user agent and `details` (keys sorted recursively) — absent fields as `null`.
 * Editing any stored field, the order or the link to the previous entry changes it.
 */
export function auditEntryHash(previousHash: string, sequence: number, entry: AuditEntry): string {
  const fields: unknown[] = [
    HASH_FORMAT,
    previousHash,
    sequence,
    entry.tenantId ?? null,
    entry.id,
    entry.occurredAt.toISOString(),
    entry.actor?.id ?? null,
    entry.actor?.authMethod ?? null,
    entry.action,
    entry.resource?.type ?? null,
    entry.resource?.id ?? null,
    entry.outcome,
    entry.reason ?? null,
    entry.errorCode ?? null,
    entry.correlationId ?? null,
    entry.clientAddress ?? null,
    entry.userAgent ?? null,
    entry.details === undefined ? null : sortedKeys(entry.details),
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * A copy of a JSON value whose object keys are in sorted order at every depth (JavaScript still
 * lists integer-like keys first; the order only has to depend on the set of keys). Objects
 * without prototype, so a `__proto__` key stays an ordinary key.
 */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) sorted[key] = sortedKeys(item);
  }
  return sorted;
}
