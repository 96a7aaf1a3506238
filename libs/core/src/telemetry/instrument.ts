import {
  type Attributes,
  type Context,
  ProxyTracerProvider,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  context as otelContext,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';
import { currentRequestContext, runWithState } from '../context/request-context-scope.js';
import type {
  InstrumentationScope,
  TelemetryAttributes,
  TelemetryObserver,
  TelemetrySpanKind,
} from './instrumented-operation.js';
import { formatTraceparent, parseTraceparent } from './traceparent.js';

/** The tracer name under which every span of the suite is created. */
export const TRACER_NAME = '@cqrs-ddd';

const KINDS: Record<TelemetrySpanKind, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

/** Process-wide, like OpenTelemetry's own global API: every Nest app of the process shares it. */
const observers = new Set<TelemetryObserver>();

/** The operation in progress, as `fn` of {@link instrument} sees it. */
export interface InstrumentedRun {
  /** Adds attributes known only while running (e.g. an HTTP status) to the span and result. */
  setAttributes(attributes: TelemetryAttributes): void;
}

const IDLE_RUN: InstrumentedRun = { setAttributes: () => undefined };

/** What the global provider delegates to while no SDK is registered (a singleton of the API). */
const NO_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate();
let cachedTracer: { readonly provider: TracerProvider; readonly tracer: Tracer } | undefined;

/**
 * Adds an observer of every instrumented operation of this process; returns its removal.
 * Observability modules add theirs when their app starts and remove it when it closes.
 */
export function addTelemetryObserver(observer: TelemetryObserver): () => void {
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

/**
 * Runs `fn` as the operation `scope` describes: in an OpenTelemetry span (child of
 * `scope.traceparent`, else of the active span, else of the request context's `traceparent`),
 * with the request context's `traceparent` set to that span while `fn` runs (so events recorded
 * and messages sent inside carry it), then reports the outcome and duration to every
 * {@link TelemetryObserver}. Without a registered tracer provider and without observers it
 * only calls `fn`.
 */
export async function instrument<T>(
  scope: InstrumentationScope,
  fn: (operation: InstrumentedRun) => Promise<T>,
): Promise<T> {
  const tracer = registeredTracer();
  if (!tracer && observers.size === 0) return fn(IDLE_RUN);
  const started = process.hrtime.bigint();
  const added: Attributes = {};
  let span: Span | undefined;
  const run: InstrumentedRun = {
    setAttributes(attributes) {
      const defined = definedAttributes(attributes);
      Object.assign(added, defined);
      span?.setAttributes(defined);
    },
  };
  let body = () => fn(run);
  if (tracer) {
    const parent = parentContext(scope.traceparent);
    const kind = KINDS[scope.kind ?? 'internal'];
    span = tracer.startSpan(
      scope.name,
      { kind, attributes: definedAttributes(scope.attributes) },
      parent,
    );
    body = inSpan(span, parent, body);
  }
  try {
    const result = await body();
    finish(scope, span, started, added, { outcome: 'success' });
    return result;
  } catch (error) {
    finish(scope, span, started, added, { outcome: 'error', error });
    throw error;
  }
}

/**
 * Whether {@link instrument} does anything: a tracer provider is registered or an observer is
 * added. Hot paths check it to skip even building the scope of an operation.
 */
export function isTelemetryActive(): boolean {
  return observers.size > 0 || registeredTracer() !== undefined;
}

/** The current span's `traceparent` (for message headers), else the request context's. */
export function currentTraceparent(): string | undefined {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) return formatTraceparent(span.spanContext());
  return currentRequestContext()?.traceparent;
}

/**
 * The suite's tracer of the registered tracer provider, `undefined` while none is registered
 * (then spans would be no-ops: {@link instrument} skips them, contexts and clocks altogether).
 * Cached per provider: `trace.getTracer` allocates a proxy per call.
 */
function registeredTracer(): Tracer | undefined {
  const global = trace.getTracerProvider();
  const provider = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
  if (provider === NO_TRACER_PROVIDER) return undefined;
  if (cachedTracer?.provider !== provider) {
    cachedTracer = { provider, tracer: provider.getTracer(TRACER_NAME) };
  }
  return cachedTracer.tracer;
}

function parentContext(traceparent: string | undefined): Context {
  const explicit = parseTraceparent(traceparent);
  if (explicit) return trace.setSpanContext(otelContext.active(), explicit);
  if (trace.getActiveSpan()) return otelContext.active();
  const fromRequest = parseTraceparent(currentRequestContext()?.traceparent);
  return fromRequest
    ? trace.setSpanContext(otelContext.active(), fromRequest)
    : otelContext.active();
}

/**
 * `fn` run with `span` active, and with the request context's `traceparent` naming it (when a
 * request context exists and the span has a valid context — also when it is not sampled, so
 * the sampling decision travels with events and messages).
 */
function inSpan<T>(span: Span, parent: Context, fn: () => Promise<T>): () => Promise<T> {
  const active = trace.setSpan(parent, span);
  return () =>
    otelContext.with(active, () => {
      const state = currentRequestContext();
      const spanContext = span.spanContext();
      if (!state || !isSpanContextValid(spanContext)) return fn();
      return runWithState({ ...state, traceparent: formatTraceparent(spanContext) }, fn);
    });
}

function finish(
  scope: InstrumentationScope,
  span: Span | undefined,
  started: bigint,
  added: Attributes,
  { outcome, error }: { outcome: 'success' | 'error'; error?: unknown },
): void {
  if (span) {
    if (outcome === 'error') {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      if (error instanceof Error) span.recordException(error);
    }
    span.end();
  }
  if (observers.size === 0) return;
  const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const attributes = { ...scope.attributes, ...(added as TelemetryAttributes) };
  for (const observer of observers) {
    try {
      observer.observe(scope, { outcome, durationSeconds, error, attributes });
    } catch {
      // An observer's failure must never fail the operation it measures.
    }
  }
}

function definedAttributes(attributes: TelemetryAttributes | undefined): Attributes {
  const defined: Attributes = {};
  if (!attributes) return defined;
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) defined[key] = value;
  }
  return defined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
