import type { DomainEventClass } from '@cqrs-ddd/core';
import { eventTypeOf } from '@cqrs-ddd/core';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';

/** One `@On(...)` method: the stored types it handles. */
export interface ProjectionHandlerDeclaration {
  readonly method: string | symbol;
  readonly types: readonly string[];
}

/** What `@On` accepts: an event class (its `static type`) or a type string. */
export type HandledEvent = DomainEventClass<object> | string;

/** Class metadata key of the `@On` declarations (own and inherited, as an array). */
export const PROJECTION_HANDLERS = Symbol.for('cqrs-ddd:projection-handlers');

/**
 * Makes the method the projection's handler of these events (classes with `static type`, or type
 * strings). It is called as `(event, context)`: `event` is the stored event upcast to the
 * current schema (typed data, no class instance) and `context` a `ProjectionHandlerContext`
 * whose collection is scoped to the event's tenant. One handler per event type per projection.
 */
export function On(events: HandledEvent | readonly HandledEvent[]): MethodDecorator {
  const types = (Array.isArray(events) ? events : [events]).map((event: HandledEvent) =>
    typeof event === 'string' ? event : eventTypeOf(event),
  );
  return (target, method) => {
    if (typeof target === 'function') {
      throw new ProjectionsConfigurationError(
        `@On() on static method ${target.name}.${String(method)}: decorate an instance method.`,
      );
    }
    const owner = target.constructor;
    const inherited = (Reflect.getMetadata(PROJECTION_HANDLERS, owner) ??
      []) as ProjectionHandlerDeclaration[];
    const own = (Reflect.getOwnMetadata(PROJECTION_HANDLERS, owner) ?? [
      ...inherited,
    ]) as ProjectionHandlerDeclaration[];
    Reflect.defineMetadata(PROJECTION_HANDLERS, [...own, { method, types }], owner);
  };
}
