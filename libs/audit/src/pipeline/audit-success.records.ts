import type { PipelineContext } from '@cqrs-ddd/core';
import { Injectable } from '@nestjs/common';

/**
 * Executions whose success entry `AuditCommitStep` wrote inside the unit of work, so that
 * `AuditStep` does not write a second one. Kept out of `context.metadata`, which callers can
 * fill (`withMessageMetadata`): no caller can switch auditing off.
 */
@Injectable()
export class AuditSuccessRecords {
  private readonly recorded = new WeakSet<PipelineContext>();

  /** Notes that the success of `context` was recorded in its transaction. */
  add(context: PipelineContext): void {
    this.recorded.add(context);
  }

  /** True (once) when the success of `context` was recorded; forgets it. */
  take(context: PipelineContext): boolean {
    return this.recorded.delete(context);
  }
}
