import type { ReadModelDocument } from '@cqrs-ddd/core';
import type { ProjectionHandlerMap } from '@cqrs-ddd/core';
import { projectionMetadataOf } from './projection-metadata.js';

type Handler = (...args: unknown[]) => unknown;

/**
 * The `@On` handlers of a projection instance as a map by event type, bound to the instance: the
 * shape core's `projectionScenario` takes, so a `@Projection` class is tested given/then style.
 *
 * ```ts
 * projectionScenario(projectionHandlerMap(new OrderSummaryProjection()), { collection: 'order_summaries' })
 *   .given(created, itemAdded)
 *   .thenDocument('o-1', expected);
 * ```
 */
export function projectionHandlerMap<T extends ReadModelDocument>(
  projection: object,
): ProjectionHandlerMap<T> {
  const { handlers } = projectionMetadataOf(projection);
  const map: ProjectionHandlerMap<T> = {};
  for (const [type, method] of handlers) {
    const handler = (projection as Record<string | symbol, Handler>)[method];
    Object.assign(map, { [type]: handler.bind(projection) });
  }
  return map;
}
