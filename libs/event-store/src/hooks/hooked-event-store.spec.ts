import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SpanStatusCode } from '@opentelemetry/api';
import {
  ConcurrencyError,
  InMemoryEventStore,
  InMemoryUnitOfWork,
  eventMetadataFromContext,
  instrument,
  runInContext,
} from '@cqrs-ddd/core';
import { installInMemoryTracing, type InMemoryTracing } from '@cqrs-ddd/core/testing';
import { AppendHooks } from './append-hooks.js';
import { HookedEventStore } from './hooked-event-store.js';

const HTTP_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const event = { type: 'account.opened', version: 1, data: {} };

describe('HookedEventStore telemetry', () => {
  let tracing: InMemoryTracing;
  const store = () =>
    new HookedEventStore(new InMemoryEventStore(), new AppendHooks(), new InMemoryUnitOfWork());

  beforeAll(() => {
    tracing = installInMemoryTracing();
  });
  afterEach(() => tracing.reset());
  afterAll(async () => {
    await tracing.uninstall();
  });

  it('spans each append as event.append, child of the command, with stream, count and tenant', async () => {
    const events = store();
    const [result] = await runInContext({ tenantId: 'acme', traceparent: HTTP_TRACEPARENT }, () =>
      instrument({ operation: 'command', name: 'command Open' }, () =>
        events.appendToStreams([
          {
            streamId: 'account-1',
            events: [event, event].map((e) => ({ ...e, metadata: eventMetadataFromContext() })),
          },
        ]),
      ),
    );
    const append = tracing.finishedSpans().find((s) => s.name === 'event.append')!;
    const command = tracing.finishedSpans().find((s) => s.name === 'command Open')!;
    expect(append.attributes).toEqual({
      'cqrs.stream.id': 'account-1',
      'cqrs.event.count': 2,
      'cqrs.tenant_id': 'acme',
    });
    expect(append.parentSpanContext?.spanId).toBe(command.spanContext().spanId);
    expect(append.spanContext().traceId).toBe(HTTP_TRACEPARENT.split('-')[1]);
    // Events recorded in the command carry its trace.
    const traceparent = result!.events[0]!.metadata.traceparent!;
    expect(traceparent.split('-')[1]).toBe(command.spanContext().traceId);
    expect(traceparent.split('-')[2]).toBe(command.spanContext().spanId);
  });

  it('names no stream for a multi-stream append, and marks a failed append', async () => {
    const events = store();
    await events.appendToStreams([
      { streamId: 'a', events: [event] },
      { streamId: 'b', events: [event, event] },
    ]);
    await expect(
      events.appendToStreams([{ streamId: 'a', events: [event], expectedVersion: 'no_stream' }]),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    const [multi, failed] = tracing.finishedSpans();
    expect(multi!.attributes).toEqual({ 'cqrs.event.count': 3 });
    expect(failed!.status.code).toBe(SpanStatusCode.ERROR);
  });
});
