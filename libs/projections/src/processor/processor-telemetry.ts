import {
  formatLogPosition,
  instrument,
  type StoredEvent,
  TELEMETRY_ATTRIBUTES as ATTRIBUTES,
} from '@cqrs-ddd/core';

/**
 * Runs one processor batch (`handle`, with its checkpoint save) as a `processor.batch`
 * operation: a span, and a measurement for telemetry observers.
 */
export function instrumentProcessorBatch<T>(
  scope: { readonly processorName: string; readonly target?: string; readonly eventCount: number },
  handle: () => Promise<T>,
): Promise<T> {
  return instrument(
    {
      operation: 'processor.batch',
      name: `processor.batch ${scope.processorName}`,
      attributes: {
        [ATTRIBUTES.processor]: scope.processorName,
        [ATTRIBUTES.target]: scope.target,
        [ATTRIBUTES.eventCount]: scope.eventCount,
      },
    },
    handle,
  );
}

/**
 * Runs the handling of one event by a processor as a `processor.event` operation: a consumer
 * span continuing the trace of the request that recorded the event (its `metadata.traceparent`).
 * Call it inside the request context restored from the event, so that the handler sees the
 * span as the context's `traceparent` (events it records and messages it sends continue the
 * trace).
 */
export function instrumentProcessorEvent<T>(
  processorName: string,
  event: StoredEvent,
  handle: () => Promise<T> | T,
): Promise<T> {
  const { tenantId, traceparent } = event.metadata;
  return instrument(
    {
      operation: 'processor.event',
      name: `processor.event ${event.type}`,
      kind: 'consumer',
      ...(typeof traceparent === 'string' ? { traceparent } : {}),
      attributes: {
        [ATTRIBUTES.processor]: processorName,
        [ATTRIBUTES.eventType]: event.type,
        [ATTRIBUTES.eventId]: event.eventId,
        [ATTRIBUTES.tenant]: typeof tenantId === 'string' ? tenantId : undefined,
        [ATTRIBUTES.position]: formatLogPosition(event.position),
      },
    },
    async () => handle(),
  );
}
