import type { AuditEntry } from '@cqrs-ddd/core';

/**
 * An audit entry to record: `id` and `occurredAt` are filled in when absent (core
 * `IdGenerator`, `Clock`), and so are tenant, actor, correlation id, client address and user
 * agent, from the request context.
 */
export type AuditEntryInput = Omit<AuditEntry, 'id' | 'occurredAt'> &
  Partial<Pick<AuditEntry, 'id' | 'occurredAt'>>;
