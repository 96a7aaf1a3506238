import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { ProjectionOptions } from './projection.options.js';

const discoverable = DiscoveryService.createDecorator<ProjectionOptions>();

/**
 * Marks a provider as a projection: a class whose `@On(...)` methods fold events of the log
 * into a read model. Found at start-up with Nest's `DiscoveryService`; each projection gets its
 * own checkpointed processor and, when its `version` changes, a zero-downtime rebuild.
 *
 * ```ts
 * @Projection({ name: 'order-summary', version: 1 })
 * export class OrderSummaryProjection {
 *   @On(OrderCreated)
 *   async created(event: StoredEvent<OrderCreatedData>, { collection, at }: ProjectionHandlerContext<OrderSummary>) {
 *     await collection.upsert({ id: event.streamId, status: 'pending', ...event.data }, at);
 *   }
 * }
 * ```
 * Options are checked by {@link projectionMetadataOf} (at start-up). Implies `@Injectable()`.
 */
export function Projection(options: ProjectionOptions): ClassDecorator {
  return applyDecorators(Injectable(), discoverable(options));
}

/** The discovery decorator behind {@link Projection}, for `DiscoveryService` look-ups. */
export const ProjectionDiscovery = discoverable;
