import {
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  type Clock,
  currentRequestContext,
  type IdGenerator,
} from '@cqrs-ddd/core';
import {
  AuditStore,
  type AuditVerification,
  type AuditVerificationRange,
} from '../chain/audit.store.js';
import type { AuditEntryInput } from './audit-entry.input.js';
import type { AuditRedactor } from './audit-redactor.js';

/** What an {@link AuditRecorder} is built from. */
export interface AuditRecorderDependencies {
  /** Redacts `details`. */
  readonly redactor: AuditRedactor;
  /** Ids of entries recorded without one. */
  readonly ids: IdGenerator;
  /** Time of entries recorded without one. */
  readonly clock: Clock;
}

/**
 * The `AuditSink` / `AuditStore` the `AuditModule` provides: every entry recorded through it,
 * whoever records it (the pipeline steps, access-control's denial listener, logins, the app),
 * is completed and cleaned before it reaches the store:
 *
 * - tenant, actor (the principal's id and auth method), correlation id, client address and
 *   user agent come from the request context when the entry has none;
 * - `details` are redacted (`AuditRedactor`: secrets, tokens, card numbers, configured paths)
 *   and reduced to JSON values.
 *
 * Like the store, it writes in the caller's transaction when there is one (see
 * `PostgresAuditStore`), else in a transaction of its own.
 * Queries, verification and purges go to the store unchanged.
 */
export class AuditRecorder extends AuditStore {
  constructor(
    /** The store entries are written to. */
    readonly store: AuditStore,
    private readonly dependencies: AuditRecorderDependencies,
  ) {
    super();
  }

  /** The entry `input` describes, with id and time filled in when absent. */
  complete(input: AuditEntryInput): AuditEntry {
    return {
      ...input,
      id: input.id ?? this.dependencies.ids.newId(),
      occurredAt: input.occurredAt ?? this.dependencies.clock.now(),
    };
  }

  /** Enriches, redacts and records `entry` (see the class description). */
  record(entry: AuditEntry): Promise<void> {
    return this.store.record(this.enrich(entry));
  }

  query(query: AuditQuery): Promise<AuditPage> {
    return this.store.query(query);
  }

  verify(tenantId: string | null, range?: AuditVerificationRange): Promise<AuditVerification> {
    return this.store.verify(tenantId, range);
  }

  purgeBefore(cutoff: Date): Promise<number> {
    return this.store.purgeBefore(cutoff);
  }

  private enrich(entry: AuditEntry): AuditEntry {
    const context = currentRequestContext();
    const principal = context?.principal;
    const tenantId = entry.tenantId ?? context?.tenantId ?? principal?.tenantId;
    const actor =
      entry.actor ?? (principal && { id: principal.id, authMethod: principal.authMethod });
    const correlationId = entry.correlationId ?? context?.correlationId;
    const clientAddress = entry.clientAddress ?? context?.clientAddress;
    const userAgent = entry.userAgent ?? context?.userAgent;
    const { details, ...rest } = entry;
    return {
      ...rest,
      ...(tenantId !== undefined && { tenantId }),
      ...(actor && { actor }),
      ...(correlationId !== undefined && { correlationId }),
      ...(clientAddress !== undefined && { clientAddress }),
      ...(userAgent !== undefined && { userAgent }),
      ...(details !== undefined && { details: this.dependencies.redactor.redact(details) }),
    };
  }
}
