import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { formatTraceparent, InMemoryMessagePublisher, type StoredEvent } from '@cqrs-ddd/core';
import { installInMemoryTracing, type InMemoryTracing } from '@cqrs-ddd/core/testing';
import { defaultIntegrationMessage } from './integration-message.mapping.js';
import { publishInstrumented } from './outbox-publish.telemetry.js';

const EVENT_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function storedEvent(eventId: string, traceparent?: string): StoredEvent {
  return {
    eventId,
    streamId: 'order-1',
    streamVersion: 1,
    position: { transactionId: '1', globalPosition: '1' },
    type: 'order.confirmed',
    version: 1,
    data: {},
    metadata: traceparent ? { traceparent } : {},
    occurredAt: '2026-01-01T00:00:00.000Z',
    recordedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('publishInstrumented', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = installInMemoryTracing();
  });
  afterEach(() => tracing.reset());
  afterAll(async () => {
    await tracing.uninstall();
  });

  const outgoing = (...events: StoredEvent[]) =>
    events.map((event) => ({ event, message: defaultIntegrationMessage(event, 'orders') }));

  it('publishes the batch once, each message in a producer span of its event trace, named in its header', async () => {
    const transport = new InMemoryMessagePublisher();
    await publishInstrumented(
      transport,
      outgoing(storedEvent('e-1', EVENT_TRACEPARENT), storedEvent('e-2')),
    );
    const [first, second] = transport.published();
    const spans = tracing.finishedSpans();
    expect(spans).toHaveLength(2);
    const [traced, root] = ['e-1', 'e-2'].map((id) =>
      spans.find((s) => s.attributes['cqrs.event.id'] === id)!,
    );
    expect(traced!.name).toBe('publish orders');
    expect(traced!.kind).toBe(SpanKind.PRODUCER);
    expect(traced!.spanContext().traceId).toBe(EVENT_TRACEPARENT.split('-')[1]);
    expect(traced!.parentSpanContext?.spanId).toBe(EVENT_TRACEPARENT.split('-')[2]);
    expect(traced!.attributes).toMatchObject({
      'messaging.destination.name': 'orders',
      'cqrs.event.type': 'order.confirmed',
    });
    expect(first!.headers.traceparent).toBe(formatTraceparent(traced!.spanContext()));
    // An event without a trace starts one at its publish.
    expect(root!.parentSpanContext).toBeUndefined();
    expect(second!.headers.traceparent).toBe(formatTraceparent(root!.spanContext()));
  });

  it('ends every span with an error when the broker refuses the batch, and rethrows', async () => {
    const transport = new InMemoryMessagePublisher();
    transport.simulateOutage({ failures: 1 });
    await expect(
      publishInstrumented(transport, outgoing(storedEvent('e-1'), storedEvent('e-2'))),
    ).rejects.toThrow(/outage/);
    const statuses = tracing.finishedSpans().map((s) => s.status.code);
    expect(statuses).toEqual([SpanStatusCode.ERROR, SpanStatusCode.ERROR]);
  });
});
