import type { AuditEntry, PipelineContext } from '@cqrs-ddd/core';
import { Injectable } from '@nestjs/common';
import { AuditSettings } from '../module/audit.settings.js';
import { AuditRecorder } from '../recording/audit-recorder.js';
import { auditedOptionsOf } from './audited.decorator.js';
import { auditOutcomeOf } from './audit-outcome.js';

/** Key under which access-control's authorization step leaves `{ action, resource? }`. */
export const AUDIT_TARGET_METADATA_KEY = 'auditTarget';

type Target = Pick<AuditEntry, 'action' | 'resource'>;

/**
 * Builds the audit entries of pipeline executions. Action and resource come from
 * `@Audited(...)`, else from the audit target access-control's authorization step left in
 * `context.metadata.auditTarget` (the `@Authorize(...)` action and resource), else the action
 * is the message type; `details` is the message payload (redacted by the recorder) unless
 * `@Audited({ payload: false })`.
 */
@Injectable()
export class PipelineAuditEntries {
  constructor(
    private readonly settings: AuditSettings,
    private readonly recorder: AuditRecorder,
  ) {}

  /** Whether the execution is audited: every command; queries when `@Audited` or `queries: 'all'`. */
  audits(context: PipelineContext): boolean {
    return (
      context.kind === 'command' ||
      this.settings.queries === 'all' ||
      auditedOptionsOf(context.message.constructor) !== undefined
    );
  }

  /** The `success` entry of the execution that answered `result`. */
  success(context: PipelineContext, result: unknown): AuditEntry {
    return this.recorder.complete({ ...this.describe(context, result), outcome: 'success' });
  }

  /** The `denied` / `failed` entry of an execution that threw `error`. */
  failure(context: PipelineContext, error: unknown): AuditEntry {
    return this.recorder.complete({ ...this.describe(context), ...auditOutcomeOf(error) });
  }

  private describe(
    context: PipelineContext,
    result?: unknown,
  ): Omit<AuditEntry, 'id' | 'occurredAt' | 'outcome'> {
    const declared = auditedOptionsOf(context.message.constructor);
    const authorized = authorizedTarget(context.metadata[AUDIT_TARGET_METADATA_KEY]);
    const declaredId = declared?.resource?.id(context.message, result);
    const resource =
      declared?.resource !== undefined
        ? declaredId !== undefined
          ? { type: declared.resource.type, id: declaredId }
          : undefined
        : authorized?.resource;
    return {
      action: declared?.action ?? authorized?.action ?? context.messageType,
      ...(resource && { resource }),
      ...(context.correlationId !== undefined && { correlationId: context.correlationId }),
      ...(declared?.payload !== false && {
        details: context.message as Readonly<Record<string, unknown>>,
      }),
    };
  }
}

/** The `{ action, resource? }` access-control left in the metadata, when well-formed. */
function authorizedTarget(value: unknown): Target | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, resource } = value as { action?: unknown; resource?: unknown };
  if (typeof action !== 'string' || action === '') return undefined;
  const { type, id } = (resource ?? {}) as { type?: unknown; id?: unknown };
  return typeof type === 'string' && typeof id === 'string'
    ? { action, resource: { type, id } }
    : { action };
}
