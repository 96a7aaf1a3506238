import type { UnitOfWork } from '../../ports/unit-of-work.port.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { PipelineNext, PipelineStepHandler, StepAppliesTo } from '../pipeline-step.js';

/** Settings of the unit-of-work step (order 800). */
export interface UnitOfWorkStepOptions {
  /**
   * Messages that run inside a unit of work. Queries only read, so by default they do not.
   * @default 'command'
   */
  appliesTo?: StepAppliesTo;
}

/**
 * Order 800: runs the handler inside `UnitOfWork.run`, the transaction boundary. A command
 * sent from a handler joins the outer unit, which commits or rolls back everything together.
 */
export class UnitOfWorkStep implements PipelineStepHandler {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  handle(_context: PipelineContext, next: PipelineNext): Promise<unknown> {
    return this.unitOfWork.run(next);
  }
}
