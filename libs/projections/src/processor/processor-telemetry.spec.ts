import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  currentRequestContext,
  InMemoryReadModelStore,
  TELEMETRY_ATTRIBUTES as ATTRIBUTES,
} from '@cqrs-ddd/core';
import { type InMemoryTracing, installInMemoryTracing } from '@cqrs-ddd/core/testing';
import { SpanKind } from '@opentelemetry/api';
import { On } from '../projection/on.decorator.js';
import { ProjectionBatchExecutor } from '../projection/projection-batch.executor.js';
import { Projection } from '../projection/projection.decorator.js';
import { eachEvent } from './each-event.js';
import { EngineFixture, eventually, FAST_OPTIONS } from './processor-engine.fixture.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const REQUEST_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${REQUEST_SPAN_ID}-01`;

@Projection({ name: 'traced', version: 1, defaultTenantId: 'acme' })
class TracedProjection {
  readonly seen: (string | undefined)[] = [];

  @On('order.created')
  created(): void {
    this.seen.push(currentRequestContext()?.traceparent);
  }
}

describe('processor telemetry', () => {
  let tracing: InMemoryTracing;
  let fixture: EngineFixture;

  beforeAll(() => {
    tracing = installInMemoryTracing();
  });

  afterAll(async () => {
    await tracing.uninstall();
  });

  beforeEach(() => {
    tracing.reset();
    fixture = new EngineFixture();
  });

  afterEach(async () => {
    await fixture.stopAll();
  });

  const spans = (operation: string) =>
    tracing.finishedSpans().filter((span) => span.name.startsWith(`${operation} `));

  it('continues the recording request trace in a processor.event span inside processor.batch', async () => {
    const seen: (string | undefined)[] = [];
    const handle = fixture.engine({ target: 'shared' }).register(
      {
        name: 'saga-like',
        handleBatch: eachEvent(() => {
          seen.push(currentRequestContext()?.traceparent);
        }),
      },
      FAST_OPTIONS,
    );
    handle.start();
    const appended = await fixture.append('order-1', ['order.created'], {
      metadata: { tenantId: 'acme', traceparent: TRACEPARENT },
    });
    await eventually(() => spans('processor.batch').length === 1);

    const [event] = spans('processor.event');
    expect(event.name).toBe('processor.event order.created');
    expect(event.kind).toBe(SpanKind.CONSUMER);
    expect(event.spanContext().traceId).toBe(TRACE_ID);
    expect(event.parentSpanContext?.spanId).toBe(REQUEST_SPAN_ID);
    expect(event.attributes).toMatchObject({
      [ATTRIBUTES.processor]: 'saga-like',
      [ATTRIBUTES.eventType]: 'order.created',
      [ATTRIBUTES.eventId]: appended.events[0].eventId,
      [ATTRIBUTES.tenant]: 'acme',
      [ATTRIBUTES.position]: expect.any(String),
    });
    // The handler ran in the restored request context, its traceparent being the event span.
    expect(seen).toEqual([`00-${TRACE_ID}-${event.spanContext().spanId}-01`]);

    const [batch] = spans('processor.batch');
    expect(batch.name).toBe('processor.batch saga-like');
    expect(batch.attributes).toMatchObject({
      [ATTRIBUTES.processor]: 'saga-like',
      [ATTRIBUTES.target]: 'shared',
      [ATTRIBUTES.eventCount]: 1,
    });
  });

  it('runs each projection handler in a processor.event span of the event trace', async () => {
    const projection = new TracedProjection();
    const executor = new ProjectionBatchExecutor(projection, {
      processorName: 'projection:traced:g1',
      collection: 'traced_g1',
      store: new InMemoryReadModelStore(),
    });
    fixture.engine().register(executor, FAST_OPTIONS).start();
    await fixture.append('order-2', ['order.created'], {
      metadata: { tenantId: 'acme', traceparent: TRACEPARENT },
    });
    await eventually(() => projection.seen.length === 1);
    await eventually(() => spans('processor.batch').length === 1);

    const [event] = spans('processor.event');
    expect(event.spanContext().traceId).toBe(TRACE_ID);
    expect(event.parentSpanContext?.spanId).toBe(REQUEST_SPAN_ID);
    expect(event.attributes[ATTRIBUTES.processor]).toBe('projection:traced:g1');
    expect(projection.seen).toEqual([`00-${TRACE_ID}-${event.spanContext().spanId}-01`]);
  });

  it('parents a processor.event without a traceparent to its batch span', async () => {
    fixture
      .engine()
      .register({ name: 'untraced', handleBatch: eachEvent(() => undefined) }, FAST_OPTIONS)
      .start();
    await fixture.append('order-3', ['order.created'], { metadata: { tenantId: 'acme' } });
    await eventually(() => spans('processor.batch').length === 1);

    const [batch] = spans('processor.batch');
    const [event] = spans('processor.event');
    expect(event.spanContext().traceId).toBe(batch.spanContext().traceId);
    expect(event.parentSpanContext?.spanId).toBe(batch.spanContext().spanId);
    expect(event.attributes[ATTRIBUTES.tenant]).toBe('acme');
  });
});
