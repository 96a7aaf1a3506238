import {
  type PipelineContext,
  type PipelineNext,
  PipelineStep,
  type PipelineStepHandler,
  PipelineStepOrder,
} from '@cqrs-ddd/core';
import { Logger } from '@nestjs/common';
import { AuditRecorder } from '../recording/audit-recorder.js';
import { AuditSuccessRecords } from './audit-success.records.js';
import { PipelineAuditEntries } from './pipeline-audit.entries.js';

/**
 * The pipeline's audit slot (order 650, outside the unit of work). For every command, and for
 * the queries that are audited (`@Audited` or `queries: 'all'`):
 *
 * - a failure is recorded after the unit of work rolled back, in its own transaction:
 *   `denied` (`ForbiddenError`, `UnauthenticatedError`) or `failed` (the error's code,
 *   `INTERNAL_ERROR` for non-suite errors). Writing it may fail too: that is logged, and the
 *   original error is thrown as it was — an audit outage never masks the outcome;
 * - a success is recorded here when `AuditCommitStep` did not already record it in the unit of
 *   work (queries; commands answered before the unit of work). A failure to record it fails
 *   the execution: the trail is mandatory.
 *
 * Denials of the authorization step (order 400, before this one) are recorded by
 * access-control's denial listener into the same `AuditSink`.
 */
@PipelineStep({ name: 'audit', order: PipelineStepOrder.AUDIT })
export class AuditStep implements PipelineStepHandler {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly entries: PipelineAuditEntries,
    private readonly recorder: AuditRecorder,
    private readonly successes: AuditSuccessRecords,
  ) {}

  async handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    if (!this.entries.audits(context)) return next();
    let result: unknown;
    try {
      result = await next();
    } catch (error) {
      this.successes.take(context);
      await this.recordFailure(context, error);
      throw error;
    }
    if (!this.successes.take(context))
      await this.recorder.record(this.entries.success(context, result));
    return result;
  }

  private async recordFailure(context: PipelineContext, error: unknown): Promise<void> {
    const entry = this.entries.failure(context, error);
    try {
      await this.recorder.record(entry);
    } catch (auditError) {
      this.logger.error(
        `Could not record the ${entry.outcome} ${context.kind} ${context.messageType} ` +
          `(message ${context.messageId ?? '?'}, entry ${entry.id}): ` +
          `${auditError instanceof Error ? auditError.message : String(auditError)}`,
      );
    }
  }
}
