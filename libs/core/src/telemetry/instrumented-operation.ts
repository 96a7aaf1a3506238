/**
 * The operations the suite instruments. Each one becomes an OpenTelemetry span (when a tracer
 * provider is registered) and a measurement for every {@link TelemetryObserver} (metrics):
 * - `http.request` / `graphql.request` — an API request (server span);
 * - `command` / `query` — one execution through the whole pipeline;
 * - `event.append` — one append of events to the log;
 * - `processor.batch` / `processor.event` — a processor's batch and each event it handles;
 * - `outbox.publish` — one message published to a broker (producer span);
 * - `message.consume` — one broker message handled (consumer span);
 * - `lock.wait` — acquiring a lock, waiting included.
 */
export type InstrumentedOperation =
  | 'http.request'
  | 'graphql.request'
  | 'command'
  | 'query'
  | 'event.append'
  | 'processor.batch'
  | 'processor.event'
  | 'outbox.publish'
  | 'message.consume'
  | 'lock.wait';

/** Attribute values of an instrumented operation (`undefined` values are left out). */
export type TelemetryAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** The kind of span, as OpenTelemetry names it. */
export type TelemetrySpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** Describes one instrumented operation for {@link instrument}. */
export interface InstrumentationScope {
  readonly operation: InstrumentedOperation;
  /** The span name, e.g. `command PlaceOrder` or `POST /orders/:id/confirm`. */
  readonly name: string;
  /** Attributes; see {@link TELEMETRY_ATTRIBUTES} for the names the suite uses. */
  readonly attributes?: TelemetryAttributes;
  /** @default 'internal' */
  readonly kind?: TelemetrySpanKind;
  /**
   * The parent as a W3C `traceparent`, for operations that continue a trace from elsewhere
   * (a stored event's metadata, a broker message's headers, an HTTP header). Without it, the
   * parent is the active span, else the request context's `traceparent`.
   */
  readonly traceparent?: string;
}

/** What an observer learns when an instrumented operation ends. */
export interface InstrumentationResult {
  readonly outcome: 'success' | 'error';
  readonly durationSeconds: number;
  /** The error thrown, when the outcome is `error`. */
  readonly error?: unknown;
  /** The scope's attributes plus those added while running (`InstrumentedRun.setAttributes`). */
  readonly attributes: TelemetryAttributes;
}

/**
 * Receives every instrumented operation when it ends (e.g. Prometheus metrics). Observers run
 * synchronously on the hot path: keep them cheap and never throw.
 */
export interface TelemetryObserver {
  /** Called once per operation, after it settled. */
  observe(scope: InstrumentationScope, result: InstrumentationResult): void;
}

/** Attribute names the suite's instrumentation uses. */
export const TELEMETRY_ATTRIBUTES = {
  tenant: 'cqrs.tenant_id',
  messageKind: 'cqrs.message.kind',
  messageType: 'cqrs.message.type',
  outcome: 'cqrs.outcome',
  errorCode: 'error.type',
  eventType: 'cqrs.event.type',
  eventId: 'cqrs.event.id',
  eventCount: 'cqrs.event.count',
  streamId: 'cqrs.stream.id',
  processor: 'cqrs.processor',
  target: 'cqrs.storage_target',
  position: 'cqrs.log.position',
  lockResource: 'cqrs.lock.resource',
  destination: 'messaging.destination.name',
  messagingSystem: 'messaging.system',
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatus: 'http.response.status_code',
} as const;
