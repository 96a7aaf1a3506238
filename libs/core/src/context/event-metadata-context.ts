import type { EventMetadata } from '../domain/event-envelope.js';
import type { RequestContextState } from './request-context-state.js';
import { currentRequestContext } from './request-context-scope.js';

/**
 * The request context a worker restores before handling a stored event: same tenant,
 * correlation and trace; the event itself becomes the message being handled (so commands the
 * worker sends name it as their cause); the actor is kept as `actorId` (no principal: a worker
 * acts for the system, on behalf of that actor).
 */
export function contextFromEventMetadata(
  metadata: EventMetadata,
  eventId?: string,
): RequestContextState {
  return withoutUndefined({
    tenantId: metadata.tenantId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    messageId: eventId,
    actorId: metadata.actor,
    traceparent: metadata.traceparent,
  });
}

/**
 * The metadata to store with an event recorded now: tenant, correlation, trace and actor of the
 * current context, and the message being handled (the command) as the event's cause.
 * Returns `{}` outside any context.
 */
export function eventMetadataFromContext(
  state: RequestContextState | undefined = currentRequestContext(),
): EventMetadata {
  if (!state) return {};
  return withoutUndefined({
    tenantId: state.tenantId,
    correlationId: state.correlationId,
    causationId: state.messageId ?? state.causationId,
    actor: state.principal?.id ?? state.actorId,
    traceparent: state.traceparent,
  });
}

// Runs for every recorded event: a plain loop, without the entry arrays of Object.entries.
function withoutUndefined<T extends object>(value: T): T {
  const result: Partial<T> = {};
  for (const key in value) {
    if (value[key] !== undefined) result[key] = value[key];
  }
  return result as T;
}
