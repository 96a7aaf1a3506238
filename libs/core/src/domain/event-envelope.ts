/**
 * Context copied into every stored event. Workers restore the request context from it,
 * so tenant, principal and tracing survive every asynchronous hop.
 */
export interface EventMetadata {
  /** Tenant the event belongs to; absent only for tenant-agnostic streams. */
  readonly tenantId?: string;
  /** Id shared by everything caused by one external request. */
  readonly correlationId?: string;
  /** Id of the message (command or event) that directly caused this one. */
  readonly causationId?: string;
  /** Who caused it: principal id (never a token or secret). */
  readonly actor?: string;
  /** W3C trace context of the operation that recorded the event. */
  readonly traceparent?: string;
  /** Any further string-keyed, JSON-serialisable values. */
  readonly [key: string]: unknown;
}

/**
 * The stored form of a domain event: what the event log holds and what every processor reads.
 * `type` and `version` are the event class's stable `static type` / `static version`,
 * never its constructor name.
 */
export interface EventEnvelope<TData = Record<string, unknown>> {
  /** Globally unique id (UUIDv7, so ids sort by creation time). */
  readonly eventId: string;
  /** Stable event type, e.g. `order.created`. */
  readonly type: string;
  /** Schema version of `data`. */
  readonly version: number;
  /** Stream (aggregate) the event belongs to. */
  readonly streamId: string;
  /** 1-based position of the event inside its stream. */
  readonly streamVersion: number;
  /** When the fact happened (ISO-8601, UTC). */
  readonly occurredAt: string;
  /** JSON-serialisable payload. */
  readonly data: TData;
  /** Propagated context; see {@link EventMetadata}. */
  readonly metadata: EventMetadata;
}

/**
 * Position of an event in the global log. Gap-safe readers order and checkpoint on the
 * `(transactionId, globalPosition)` pair, because sequences commit out of order.
 * Both are decimal strings so 64-bit values survive JSON.
 */
export interface LogPosition {
  readonly transactionId: string;
  readonly globalPosition: string;
}

/** An envelope as read back from the global log, with its position. */
export interface StoredEvent<TData = Record<string, unknown>> extends EventEnvelope<TData> {
  readonly position: LogPosition;
  /**
   * Kind of the event's stream (aggregate type, e.g. `Order`) as recorded when the stream was
   * created; absent for streams created without one.
   */
  readonly streamType?: string;
  /** When the store committed it (ISO-8601, UTC). */
  readonly recordedAt: string;
}
