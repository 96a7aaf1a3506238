import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  SpanKind,
  SpanStatusCode,
  context as otelContext,
  trace,
  type SpanContext,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { eventMetadataFromContext } from '../context/event-metadata-context.js';
import { currentRequestContext, runInContext } from '../context/request-context-scope.js';
import { installInMemoryTracing, type InMemoryTracing } from '../testing/in-memory-tracing.js';
import {
  addTelemetryObserver,
  currentTraceparent,
  instrument,
  isTelemetryActive,
} from './instrument.js';
import type {
  InstrumentationResult,
  InstrumentationScope,
  TelemetryObserver,
} from './instrumented-operation.js';
import { formatTraceparent } from './traceparent.js';

const HTTP_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const MESSAGE_TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function recordingObserver() {
  const seen: { scope: InstrumentationScope; result: InstrumentationResult }[] = [];
  const observer: TelemetryObserver = { observe: (scope, result) => seen.push({ scope, result }) };
  return { seen, remove: addTelemetryObserver(observer) };
}

const traceparentOf = (span: ReadableSpan) => formatTraceparent(span.spanContext());
const parentOf = (span: ReadableSpan): SpanContext | undefined => span.parentSpanContext;

describe('instrument without tracer provider', () => {
  it('only calls fn when there are no observers: no span, no new request context scope', async () => {
    otelContext.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    try {
      expect(isTelemetryActive()).toBe(false);
      const state = { correlationId: 'c', traceparent: HTTP_TRACEPARENT };
      const seen = await runInContext(state, () => {
        const outer = currentRequestContext();
        return instrument({ operation: 'command', name: 'command Ping' }, async (run) => {
          run.setAttributes({ late: 1 });
          return {
            sameScope: currentRequestContext() === outer,
            activeSpan: trace.getActiveSpan(),
            traceparent: currentTraceparent(),
          };
        });
      });
      expect(seen).toEqual({
        sameScope: true,
        activeSpan: undefined,
        traceparent: HTTP_TRACEPARENT,
      });
    } finally {
      otelContext.disable();
    }
  });

  it('measures for observers without touching the request context', async () => {
    const { seen, remove } = recordingObserver();
    try {
      expect(isTelemetryActive()).toBe(true);
      const inside = await runInContext({ traceparent: HTTP_TRACEPARENT }, () =>
        instrument(
          {
            operation: 'event.append',
            name: 'event.append',
            attributes: { a: 'x', gone: undefined },
          },
          async (run) => {
            run.setAttributes({ late: 2 });
            return currentRequestContext()?.traceparent;
          },
        ),
      );
      expect(inside).toBe(HTTP_TRACEPARENT);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.scope.operation).toBe('event.append');
      expect(seen[0]!.result).toMatchObject({
        outcome: 'success',
        attributes: { a: 'x', late: 2 },
      });
      expect(seen[0]!.result.durationSeconds).toBeGreaterThanOrEqual(0);
    } finally {
      remove();
    }
    expect(isTelemetryActive()).toBe(false);
  });
});

describe('instrument with a tracer provider', () => {
  let tracing: InMemoryTracing;

  beforeAll(() => {
    tracing = installInMemoryTracing();
  });
  afterEach(() => tracing.reset());
  afterAll(async () => {
    await tracing.uninstall();
  });

  const spanNamed = (name: string) => {
    const span = tracing.finishedSpans().find((s) => s.name === name);
    if (!span) throw new Error(`no span ${name}`);
    return span;
  };

  it('is a root span without any parent, with its kind and defined attributes', async () => {
    expect(isTelemetryActive()).toBe(true);
    await instrument(
      {
        operation: 'outbox.publish',
        name: 'publish orders',
        kind: 'producer',
        attributes: { 'messaging.destination.name': 'orders', skipped: undefined },
      },
      async () => undefined,
    );
    const span = spanNamed('publish orders');
    expect(parentOf(span)).toBeUndefined();
    expect(span.kind).toBe(SpanKind.PRODUCER);
    expect(span.attributes).toEqual({ 'messaging.destination.name': 'orders' });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('continues the request context traceparent when no span is active', async () => {
    await runInContext({ traceparent: HTTP_TRACEPARENT }, () =>
      instrument({ operation: 'command', name: 'command A' }, async () => undefined),
    );
    const span = spanNamed('command A');
    expect(span.spanContext().traceId).toBe(HTTP_TRACEPARENT.split('-')[1]);
    expect(parentOf(span)?.spanId).toBe(HTTP_TRACEPARENT.split('-')[2]);
  });

  it('prefers the active span over the request context traceparent', async () => {
    await runInContext({ traceparent: HTTP_TRACEPARENT }, () =>
      instrument({ operation: 'command', name: 'outer' }, () =>
        // The request context is reset to the old value: the active span must still win.
        runInContext({ traceparent: MESSAGE_TRACEPARENT }, () =>
          instrument({ operation: 'event.append', name: 'inner' }, async () => undefined),
        ),
      ),
    );
    const outer = spanNamed('outer');
    const inner = spanNamed('inner');
    expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(parentOf(inner)?.spanId).toBe(outer.spanContext().spanId);
  });

  it('prefers an explicit traceparent over the active span and the request context', async () => {
    await runInContext({ traceparent: HTTP_TRACEPARENT }, () =>
      instrument({ operation: 'processor.batch', name: 'batch' }, () =>
        instrument(
          {
            operation: 'message.consume',
            name: 'consume',
            kind: 'consumer',
            traceparent: MESSAGE_TRACEPARENT,
          },
          async () => undefined,
        ),
      ),
    );
    const consume = spanNamed('consume');
    expect(consume.spanContext().traceId).toBe(MESSAGE_TRACEPARENT.split('-')[1]);
    expect(parentOf(consume)?.spanId).toBe(MESSAGE_TRACEPARENT.split('-')[2]);
    expect(consume.kind).toBe(SpanKind.CONSUMER);
  });

  it('ignores a malformed explicit traceparent and falls back to the request context', async () => {
    await runInContext({ traceparent: HTTP_TRACEPARENT }, () =>
      instrument(
        { operation: 'message.consume', name: 'consume', traceparent: 'garbage' },
        async () => undefined,
      ),
    );
    expect(parentOf(spanNamed('consume'))?.spanId).toBe(HTTP_TRACEPARENT.split('-')[2]);
  });

  it('names its span in the request context while fn runs (events recorded inside carry it), then restores it', async () => {
    const seen = await runInContext(
      { correlationId: 'c', traceparent: HTTP_TRACEPARENT },
      async () => {
        const inside = await instrument({ operation: 'command', name: 'command B' }, async () => {
          await new Promise<void>((resolve) => setImmediate(resolve));
          return {
            context: currentRequestContext()?.traceparent,
            metadata: eventMetadataFromContext().traceparent,
            current: currentTraceparent(),
            correlationId: currentRequestContext()?.correlationId,
          };
        });
        return { inside, after: currentRequestContext()?.traceparent };
      },
    );
    const span = traceparentOf(spanNamed('command B'));
    expect(seen).toEqual({
      inside: { context: span, metadata: span, current: span, correlationId: 'c' },
      after: HTTP_TRACEPARENT,
    });
  });

  it('outside any request context, currentTraceparent() is the active span', async () => {
    const inside = await instrument({ operation: 'outbox.publish', name: 'p' }, async () => ({
      current: currentTraceparent(),
      context: currentRequestContext(),
    }));
    expect(inside).toEqual({ current: traceparentOf(spanNamed('p')), context: undefined });
  });

  it('marks a failure on the span and reports outcome error to observers, then rethrows', async () => {
    const { seen, remove } = recordingObserver();
    const failure = new Error('boom');
    try {
      await expect(
        instrument({ operation: 'command', name: 'command C' }, async (run) => {
          run.setAttributes({ 'error.type': 'UNKNOWN' });
          throw failure;
        }),
      ).rejects.toBe(failure);
    } finally {
      remove();
    }
    const span = spanNamed('command C');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
    expect(span.attributes).toMatchObject({ 'error.type': 'UNKNOWN' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.result).toMatchObject({
      outcome: 'error',
      error: failure,
      attributes: { 'error.type': 'UNKNOWN' },
    });
  });

  it('gives observers and the span the attributes set while running', async () => {
    const { seen, remove } = recordingObserver();
    try {
      const result = await instrument(
        {
          operation: 'http.request',
          name: 'GET /orders/:id',
          attributes: { 'http.route': '/orders/:id' },
        },
        async (run) => {
          run.setAttributes({ 'http.response.status_code': 200, unknown: undefined });
          return 'done';
        },
      );
      expect(result).toBe('done');
    } finally {
      remove();
    }
    expect(spanNamed('GET /orders/:id').attributes).toEqual({
      'http.route': '/orders/:id',
      'http.response.status_code': 200,
    });
    expect(seen[0]!.result).toMatchObject({
      outcome: 'success',
      attributes: { 'http.route': '/orders/:id', 'http.response.status_code': 200 },
    });
  });

  it('never fails the operation because an observer throws', async () => {
    const remove = addTelemetryObserver({
      observe: () => {
        throw new Error('observer bug');
      },
    });
    try {
      await expect(
        instrument({ operation: 'query', name: 'query Q' }, async () => 42),
      ).resolves.toBe(42);
    } finally {
      remove();
    }
  });
});
