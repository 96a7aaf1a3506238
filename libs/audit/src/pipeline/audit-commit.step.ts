import {
  type PipelineContext,
  type PipelineNext,
  PipelineStep,
  type PipelineStepHandler,
} from '@cqrs-ddd/core';
import { AuditRecorder } from '../recording/audit-recorder.js';
import { AuditSuccessRecords } from './audit-success.records.js';
import { PipelineAuditEntries } from './pipeline-audit.entries.js';

/** Slot of {@link AuditCommitStep}: inside the unit of work (800), around the handler. */
export const AUDIT_COMMIT_STEP_ORDER = 850;

/**
 * Records a command's success inside its unit of work (order 850), after the handler returned
 * and before the transaction commits: with a store that joins the transaction
 * (`PostgresAuditStore`), the entry commits exactly when the command's changes do — a
 * committed command always has its entry, a rolled-back one never has a success entry (the
 * outer `AuditStep` then records the failure). A failure to write the entry fails the command.
 */
@PipelineStep({ name: 'audit-commit', order: AUDIT_COMMIT_STEP_ORDER, appliesTo: 'command' })
export class AuditCommitStep implements PipelineStepHandler {
  constructor(
    private readonly entries: PipelineAuditEntries,
    private readonly recorder: AuditRecorder,
    private readonly successes: AuditSuccessRecords,
  ) {}

  async handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    const result = await next();
    await this.recorder.record(this.entries.success(context, result));
    this.successes.add(context);
    return result;
  }
}
