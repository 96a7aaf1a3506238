import {
  type PipelineContext,
  type PipelineNext,
  PipelineStep,
  type PipelineStepHandler,
  PipelineStepOrder,
} from '@cqrs-ddd/core';
import { featureFlagRequirementsOf } from './feature-flag.metadata.js';
import { FeatureFlagEnforcer } from './feature-flag.enforcer.js';

/**
 * The pipeline's feature-flags slot (order 550, after authorization and validation): a
 * command or query class declared with `@FeatureFlag(...)` runs only while its flags are on
 * for the caller, whatever its entry point (REST, GraphQL, consumers, workers, CLI). Refused:
 * `NotFoundError('Command' | 'Query', type)` or `ForbiddenError`, the handler never runs.
 */
@PipelineStep({ name: 'feature-flags', order: PipelineStepOrder.FEATURE_FLAGS })
export class FeatureFlagStep implements PipelineStepHandler {
  constructor(private readonly enforcer: FeatureFlagEnforcer) {}

  async handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    const requirements = featureFlagRequirementsOf(context.message.constructor);
    if (requirements.length > 0) {
      await this.enforcer.enforce(requirements, () => ({
        type: context.kind === 'command' ? 'Command' : 'Query',
        id: context.messageType,
      }));
    }
    return next();
  }
}
