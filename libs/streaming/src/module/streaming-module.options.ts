import type { EventStreamDefinition } from '../stream/event-stream.definition.js';

/** Options of `StreamingModule.forRoot` / `forRootAsync`. */
export interface StreamingModuleOptions {
  /** The streams clients may open (`defineEventStream`); names must be unique. */
  readonly streams: readonly EventStreamDefinition[];
  /**
   * Events that may wait for one client; one more and the client is disconnected as too slow
   * (it resumes with `Last-Event-ID`). Keep it at least `batchSize`: a batch arrives at once.
   * @default 1000
   */
  readonly bufferLimit?: number;
  /** Interval of SSE heartbeat comments and WebSocket pings, in ms. @default 15_000 */
  readonly heartbeatMs?: number;
  /** Events per read of the log (live tail and catch-up). @default min(500, bufferLimit) */
  readonly batchSize?: number;
  /**
   * Safety net for missed wake-up signals of the event store: the tail reads again after this
   * long idle, in ms. @default 5_000
   */
  readonly idlePollMs?: number;
}

/** {@link StreamingModuleOptions} with every default applied. */
export interface ResolvedStreamingOptions {
  readonly streams: readonly EventStreamDefinition[];
  readonly bufferLimit: number;
  readonly heartbeatMs: number;
  readonly batchSize: number;
  readonly idlePollMs: number;
}
