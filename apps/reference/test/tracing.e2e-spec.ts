import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { uniqueBrokerTopology } from './support/broker-topology.js';
import { startApp, type E2eApp } from './support/e2e-app.js';
import { addItem, createOrder } from './support/orders-api.js';

const INCOMING_TRACE = '0af7651916cd43dd8448eb211c80319c';

/**
 * One trace from an HTTP request to the consumer on the other side of RabbitMQ: the request's
 * `traceparent` is continued by the command, the append, the projection's handling of the event
 * (read back from the log by a processor), the fulfilment saga and the command it sends, the
 * outbox's publish and the notifications consumer,
 * because the trace context travels in the event's metadata and the message's headers.
 */
describe('tracing across async hops (e2e, in-memory span exporter)', () => {
  const exporter = new InMemorySpanExporter();
  const broker = uniqueBrokerTopology('tracing');
  let api: E2eApp;

  beforeAll(async () => {
    api = await startApp({ ...broker.env, ORDER_FULFILMENT: 'on' }, { spanExporter: exporter });
  });

  afterAll(async () => {
    await api?.close();
    await broker.remove();
  });

  const spansOf = (traceId: string) =>
    exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  // The order summary's processor is named after the projection and its generation.
  const isProjectionOf = (span: ReadableSpan, type: string) =>
    /order-summary/.test(String(span.attributes['cqrs.processor'])) &&
    span.attributes['cqrs.event.type'] === type;
  const isMessage = (span: ReadableSpan) =>
    span.attributes['messaging.destination.name'] === 'order.confirmed';

  it('continues the caller traceparent from HTTP through command, append, projection, outbox and consumer', async () => {
    const { id } = await createOrder(api, 'c-tracing');
    await addItem(api, id, { productId: 'p-1', quantity: 1, unitPrice: 3 });
    const confirmed = await api
      .http()
      .post(`/orders/${id}/confirm`)
      .set('traceparent', `00-${INCOMING_TRACE}-b7ad6b7169203331-01`);
    expect(confirmed.status).toBe(200);

    const spans = await pollUntil(
      async () => spansOf(INCOMING_TRACE),
      (found) =>
        found.some((span) => isProjectionOf(span, 'order.confirmed')) &&
        found.some((span) => span.kind === SpanKind.CONSUMER && isMessage(span)) &&
        found.some((span) => span.attributes['cqrs.message.type'] === 'fulfilment.ship-order'),
      15_000,
    );
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const parentOf = (span: ReadableSpan) => byId.get(span.parentSpanContext?.spanId ?? '');

    const http = spans.find((span) => span.attributes['http.route'] === '/orders/:id/confirm');
    expect(http?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    const command = spans.find(
      (span) => span.attributes['cqrs.message.type'] === 'ConfirmOrderCommand',
    );
    expect(command).toBeDefined();
    expect(parentOf(command!)).toBe(http);
    const append = spans.find((span) => span.attributes['cqrs.stream.id'] === id);
    expect(append?.name).toBe('event.append');
    expect(parentOf(append!)).toBe(command);
    // The event carries the command's span in its metadata: the projection and the outbox's
    // publish (both read it back from the log, in other transactions) continue from there.
    const projection = spans.find((span) => isProjectionOf(span, 'order.confirmed'));
    expect(projection?.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(projection!)).toBe(command);
    const publish = spans.find((span) => span.kind === SpanKind.PRODUCER && isMessage(span));
    expect(parentOf(publish!)).toBe(command);
    // Across RabbitMQ: the consumer continues from the publish span's `traceparent` header.
    const consume = spans.find((span) => span.kind === SpanKind.CONSUMER && isMessage(span));
    expect(parentOf(consume!)).toBe(publish);
    expect(consume?.attributes['cqrs.tenant_id']).toBe('acme');
    // The fulfilment saga handles order.confirmed on its processor and sends its first command.
    const reserve = spans.find(
      (span) => span.attributes['cqrs.message.type'] === 'fulfilment.reserve-stock',
    );
    const sagaEvent = spans.find(
      (span) =>
        /order-fulfilment/.test(String(span.attributes['cqrs.processor'])) &&
        span.attributes['cqrs.event.type'] === 'order.confirmed',
    );
    expect(parentOf(sagaEvent!)).toBe(command);
    let ancestor = parentOf(reserve!);
    while (ancestor && ancestor !== sagaEvent) ancestor = parentOf(ancestor);
    expect(ancestor).toBe(sagaEvent);
    // ... and the rest of the saga (capture, then ship) stays in the same trace.
    expect(
      spans.filter((span) => span.name.startsWith('command fulfilment.')).map((s) => s.name),
    ).toEqual(
      expect.arrayContaining([
        'command fulfilment.reserve-stock',
        'command fulfilment.capture-payment',
        'command fulfilment.ship-order',
      ]),
    );
  });

  it('starts a new trace for a request without traceparent and never mixes two requests', async () => {
    exporter.reset();
    const first = await createOrder(api, 'c-trace-a');
    const second = await createOrder(api, 'c-trace-b');
    const spans = await pollUntil(
      async () =>
        exporter
          .getFinishedSpans()
          .filter((span) => span.attributes['cqrs.message.type'] === 'CreateOrderCommand'),
      (found) => found.length >= 2,
      5_000,
    );
    expect(new Set(spans.map((span) => span.spanContext().traceId)).size).toBe(2);
    expect(first.id).not.toBe(second.id);
  });
});
