import {
  type AuditEntry,
  AuditSink,
  IdGenerator,
  UuidV7IdGenerator,
  currentRequestContext,
  lookUpAuditSink,
} from '@cqrs-ddd/core';
import { Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AccessDecision } from '../pep/access-decision.js';
import type { AccessRequest } from '../policies/access-policy.js';
import { AccessDeniedListener } from './access-denied.listener.js';

/**
 * The default {@link AccessDeniedListener}: records every denial as an `AuditEntry` with
 * outcome `'denied'` (action, resource, reason, actor, tenant, correlation id) into core's
 * `AuditSink` when the application provides one (in any module: it is looked up in the whole
 * application on the first denial); does nothing otherwise.
 */
@Injectable()
export class AuditAccessDeniedListener extends AccessDeniedListener {
  private readonly ids: IdGenerator;
  private sink?: { readonly found?: AuditSink };

  constructor(
    @Optional() auditSink?: AuditSink,
    @Optional() ids?: IdGenerator,
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {
    super();
    this.ids = ids ?? new UuidV7IdGenerator();
    if (auditSink) this.sink = { found: auditSink };
  }

  /** Records the denial (no-op without an `AuditSink`). */
  async onDenied(request: AccessRequest, decision: AccessDecision): Promise<void> {
    this.sink ??= { found: lookUpAuditSink(this.moduleRef) };
    await this.sink.found?.record(this.toEntry(request, decision));
  }

  private toEntry(request: AccessRequest, decision: AccessDecision): AuditEntry {
    const { principal, resource, environment } = request;
    const context = currentRequestContext();
    const tenantId = principal?.tenantId ?? context?.tenantId;
    const correlationId =
      typeof environment.correlationId === 'string'
        ? environment.correlationId
        : context?.correlationId;
    return {
      id: this.ids.newId(),
      occurredAt: environment.now,
      ...(tenantId !== undefined && { tenantId }),
      ...(principal && { actor: { id: principal.id, authMethod: principal.authMethod } }),
      action: request.action,
      ...(resource?.id !== undefined && { resource: { type: resource.type, id: resource.id } }),
      outcome: 'denied',
      reason: decision.reason,
      ...(correlationId !== undefined && { correlationId }),
    };
  }
}
