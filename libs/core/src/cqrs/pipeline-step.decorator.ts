import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { PipelineStepMetadata } from './pipeline-step.js';

const discoverable = DiscoveryService.createDecorator<PipelineStepMetadata>();

/**
 * Marks a provider as a pipeline step. The class implements `PipelineStepHandler`
 * (`handle(context, next)`), is a singleton provider of any module of the app, and is found at
 * start-up with Nest's `DiscoveryService` — this is how other libraries (and apps) plug steps
 * into the command/query pipeline:
 *
 * ```ts
 * @PipelineStep({ name: 'authorization', order: PipelineStepOrder.AUTHORIZATION })
 * export class AuthorizationStep implements PipelineStepHandler {
 *   constructor(private readonly policies: PolicyEnforcer) {}
 *   async handle(context: PipelineContext, next: PipelineNext) {
 *     await this.policies.enforce(context.messageType, context.message);
 *     return next();
 *   }
 * }
 * ```
 * Implies `@Injectable()`.
 */
export function PipelineStep(metadata: PipelineStepMetadata): ClassDecorator {
  return applyDecorators(Injectable(), discoverable(metadata));
}

/** The discovery decorator behind {@link PipelineStep}, for `DiscoveryService` look-ups. */
export const PipelineStepDiscovery = discoverable;
