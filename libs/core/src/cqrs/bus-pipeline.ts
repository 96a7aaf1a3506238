import type { CommandBus, QueryBus } from '@nestjs/cqrs';
import { messageMetadataOf } from './message-metadata.js';
import { messageTypeName, type MessageKind, type PipelineContext } from './pipeline-context.js';
import { composePipeline } from './pipeline-composer.js';
import type { PipelineStepDefinition } from './pipeline-step.js';

type Execute = (message: object, asyncContext?: unknown) => Promise<unknown>;

/** The bus's own `execute`, saved on the instance when the pipeline is installed. */
const ORIGINAL_EXECUTE = Symbol.for('cqrs-ddd:pipeline:original-execute');

interface PipelinedBus {
  execute: Execute;
  [ORIGINAL_EXECUTE]?: Execute;
}

/** The context of one execution, plus the `@nestjs/cqrs` async context to hand to the bus. */
interface ExecutionContext extends PipelineContext {
  readonly asyncContext: unknown;
}

/**
 * Routes every `execute` of `bus` through the steps that apply to `kind`, ending in the bus's
 * own `execute` (handler look-up, publisher, handler). `@nestjs/cqrs` 12 has no middleware
 * hook, so the pipeline replaces `execute` on this instance. Installing again replaces the
 * pipeline, never wraps it twice. Errors — a missing handler's too — always reject the
 * returned promise.
 */
export function installPipeline(
  bus: CommandBus | QueryBus,
  kind: MessageKind,
  steps: readonly PipelineStepDefinition[],
): void {
  const target = bus as unknown as PipelinedBus;
  const original = target[ORIGINAL_EXECUTE] ?? target.execute;
  target[ORIGINAL_EXECUTE] = original;
  const pipeline = composePipeline<ExecutionContext>(steps, kind, (context) =>
    original.call(bus, context.message, context.asyncContext),
  );
  target.execute = function executeThroughPipeline(message, asyncContext) {
    try {
      return pipeline({
        kind,
        message,
        messageType: messageTypeName(message),
        messageId: undefined,
        correlationId: undefined,
        causationId: undefined,
        attempt: 1,
        metadata: { ...messageMetadataOf(message) },
        asyncContext,
      });
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** Restores the bus's own `execute`. Does nothing when no pipeline is installed. */
export function uninstallPipeline(bus: CommandBus | QueryBus): void {
  const target = bus as unknown as PipelinedBus;
  const original = target[ORIGINAL_EXECUTE];
  if (!original) return;
  if (original === (Object.getPrototypeOf(target) as PipelinedBus).execute) {
    delete (target as Partial<PipelinedBus>).execute;
  } else {
    target.execute = original;
  }
  delete target[ORIGINAL_EXECUTE];
}

/** True when {@link installPipeline} installed a pipeline on `bus`. */
export function hasPipeline(bus: CommandBus | QueryBus): boolean {
  return (bus as unknown as PipelinedBus)[ORIGINAL_EXECUTE] !== undefined;
}
