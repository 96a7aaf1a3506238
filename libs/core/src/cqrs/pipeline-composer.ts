import type { MessageKind, PipelineContext } from './pipeline-context.js';
import {
  stepAppliesTo,
  type PipelineMiddleware,
  type PipelineStepDefinition,
} from './pipeline-step.js';

/** A composed pipeline: runs every step and the terminal for one execution. */
export type ComposedPipeline<TContext extends PipelineContext> = (
  context: TContext,
) => Promise<unknown>;

/**
 * Sorts steps by order (ties by name) and checks them: names unique, orders finite.
 * Throws an `Error` naming the offending step — a configuration mistake to fix at start-up.
 */
export function sortPipelineSteps(
  steps: readonly PipelineStepDefinition[],
): PipelineStepDefinition[] {
  const names = new Set<string>();
  for (const step of steps) {
    if (!step.name) throw new Error('Every pipeline step needs a name.');
    if (names.has(step.name)) {
      throw new Error(
        `Two pipeline steps are named "${step.name}". Give each step a unique name (or turn the ` +
          'built-in one off in the module options when replacing it).',
      );
    }
    if (!Number.isFinite(step.order)) {
      throw new Error(`Pipeline step "${step.name}" needs a finite numeric order.`);
    }
    names.add(step.name);
  }
  return [...steps].sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : 1));
}

/**
 * Composes, once, the steps that apply to `kind` around `terminal`. Each execution then costs
 * one `next` closure per step and no look-ups. Every link turns a synchronous throw into a
 * rejection, so a step can always treat `next()` as a promise.
 */
export function composePipeline<TContext extends PipelineContext>(
  steps: readonly PipelineStepDefinition[],
  kind: MessageKind,
  terminal: ComposedPipeline<TContext>,
): ComposedPipeline<TContext> {
  const middlewares: PipelineMiddleware[] = steps
    .filter((step) => stepAppliesTo(step.appliesTo, kind))
    .map((step) => step.handle);
  let link: ComposedPipeline<TContext> = (context) => {
    try {
      return terminal(context);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  for (let index = middlewares.length - 1; index >= 0; index -= 1) {
    const middleware = middlewares[index]!;
    const next = link;
    link = (context) => {
      try {
        return middleware(context, () => next(context));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return link;
}
