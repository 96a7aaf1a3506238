import type { MessageKind, PipelineContext } from './pipeline-context.js';

/** Continues with the next step (and finally the handler); may be called again to retry. */
export type PipelineNext = () => Promise<unknown>;

/** One step of the pipeline: do something around `next()` and return (or replace) its result. */
export type PipelineMiddleware = (context: PipelineContext, next: PipelineNext) => Promise<unknown>;

/** Which messages a step runs for. */
export type StepAppliesTo = MessageKind | 'both';

/** Where a step sits and what it runs for; see `PipelineStepOrder` for the slots. */
export interface PipelineStepMetadata {
  /** Unique name, e.g. `authorization`; duplicate names fail at start-up. */
  readonly name: string;
  /** Position: lower runs earlier (outside). Ties run in name order. */
  readonly order: number;
  /**
   * Messages the step runs for.
   * @default 'both'
   */
  readonly appliesTo?: StepAppliesTo;
}

/** A step given as a function, e.g. in `CqrsDddModuleOptions.pipeline.steps`. */
export interface PipelineStepDefinition extends PipelineStepMetadata {
  readonly handle: PipelineMiddleware;
}

/** A step given as a class: an `@PipelineStep(...)` provider implements it. */
export interface PipelineStepHandler {
  handle(context: PipelineContext, next: PipelineNext): Promise<unknown>;
}

/** True when a step with `appliesTo` runs for messages of `kind`. */
export function stepAppliesTo(appliesTo: StepAppliesTo | undefined, kind: MessageKind): boolean {
  return appliesTo === undefined || appliesTo === 'both' || appliesTo === kind;
}
