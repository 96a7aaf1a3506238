import { runAsMessage } from '../../context/request-context-scope.js';
import type { IdGenerator } from '../../ports/id-generator.port.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { PipelineNext, PipelineStepHandler } from '../pipeline-step.js';

/**
 * Order 100, always on. Gives the execution a new message id and runs the rest of the
 * pipeline — and the handler — in a child request context: the correlation id of the caller's
 * context (or, at a root, the message's own id) and the caller's message id as causation id.
 * So a command sent from a handler is correlated with, and caused by, the outer command.
 */
export class ContextStep implements PipelineStepHandler {
  constructor(private readonly ids: IdGenerator) {}

  handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    return runAsMessage(this.ids.newId(), context, next);
  }
}
