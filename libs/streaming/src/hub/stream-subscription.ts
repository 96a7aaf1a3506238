import {
  compareLogPositions,
  type EventStore,
  formatLogPosition,
  isAfterLogPosition,
  type LogCheckpoint,
  type StoredEvent,
} from '@cqrs-ddd/core';
import { StreamClientTooSlowError } from '../errors/stream-client-too-slow.error.js';
import type { LogTail } from '../log/log-tail.js';
import {
  type EventStreamDefinition,
  type StreamFrame,
  streamCarries,
} from '../stream/event-stream.definition.js';

/** What one client subscribes to. */
export interface StreamSubscriptionOptions {
  readonly stream: EventStreamDefinition;
  /** Only events whose metadata names this tenant are sent. */
  readonly tenantId: string;
  /**
   * Resume point: every event of the stream strictly after it is sent (catch-up from the log,
   * then live); `undefined`: only events appended from now on.
   */
  readonly after: LogCheckpoint | undefined;
  /** Events that may wait for the client before it is disconnected as too slow. */
  readonly bufferLimit: number;
  /** Events per catch-up read. */
  readonly batchSize: number;
}

/**
 * One client's view of a stream, independent of the transport: its tenant's events of the
 * stream's types, mapped to the public shape, in log order, each once.
 *
 * It starts from `after` with reads of its own (catch-up, as fast as the client takes them) and
 * then switches to the instance's {@link LogTail}. Positions are totally ordered and both read
 * gap-safe, so the switch loses nothing and repeats nothing: the subscription keeps the position
 * of the last event it passed over (its cursor), ignores tail events at or before it, and only
 * switches once its cursor has reached the tail's position — checked synchronously with the
 * tail's hand-over, so every later tail batch is one it has to take.
 *
 * Consumed as an async iterator by the transport: the iterator ends when the subscription is
 * closed and throws `StreamClientTooSlowError` (or a read error) when it failed. Events wait in a
 * buffer of at most `bufferLimit`; a live event that finds it full fails the subscription (the
 * client resumes from the last event it received).
 */
export class StreamSubscription<TPublic = unknown> implements AsyncIterableIterator<
  StreamFrame<TPublic>
> {
  private cursor: LogCheckpoint = null;
  private live = false;
  private closed = false;
  private failure?: unknown;
  private readonly queue: StreamFrame<TPublic>[] = [];
  private frameWaiter?: () => void;
  private roomWaiter?: () => void;
  private readonly onTail = (events: readonly StoredEvent[]) => this.takeLive(events);
  private readonly endListeners = new Set<(error: unknown) => void>();

  constructor(
    private readonly options: StreamSubscriptionOptions,
    private readonly store: EventStore,
    private readonly tail: LogTail,
    private readonly onEnd: () => void = () => undefined,
  ) {}

  /** Name of the stream. */
  get streamName(): string {
    return this.options.stream.name;
  }

  /** Whether the subscription has caught up and takes events from the tail. */
  get isLive(): boolean {
    return this.live;
  }

  /** Events waiting for the client. */
  get buffered(): number {
    return this.queue.length;
  }

  /** Joins the tail and starts the catch-up (when resuming); resolves once it is running. */
  async start(): Promise<void> {
    await this.tail.ready;
    if (this.closed) return;
    this.tail.add(this.onTail);
    if (this.options.after === undefined) {
      this.cursor = this.tail.position;
      this.live = true;
      return;
    }
    this.cursor = this.options.after;
    void this.catchUp();
  }

  /**
   * Calls `listener` once when the subscription ends: with the error when it failed (a too slow
   * client, a read error), else with `undefined`. Transports use it to drop a client whose socket
   * is stalled at once, instead of when they next ask for an event. Returns the removal function.
   */
  onClosed(listener: (error: unknown) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Ends the subscription (the client left); the iterator then ends. Idempotent. */
  close(): void {
    this.end(undefined);
  }

  /** The next event for the client; waits for one. */
  async next(): Promise<IteratorResult<StreamFrame<TPublic>>> {
    for (;;) {
      const frame = this.queue.shift();
      if (frame !== undefined) {
        this.roomWaiter?.();
        return { value: frame, done: false };
      }
      if (this.failure !== undefined) {
        const failure = this.failure;
        this.failure = undefined;
        throw failure;
      }
      if (this.closed) return { value: undefined, done: true };
      await new Promise<void>((resolve) => (this.frameWaiter = resolve));
      this.frameWaiter = undefined;
    }
  }

  /** Called by `for await` on `break` and by GraphQL on unsubscribe: closes. */
  async return(): Promise<IteratorResult<StreamFrame<TPublic>>> {
    this.close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.queue.length = 0;
    this.failure = error;
    this.end(error);
  }

  private end(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.tail.remove(this.onTail);
    this.frameWaiter?.();
    this.roomWaiter?.();
    this.onEnd();
    for (const listener of [...this.endListeners]) listener(error);
    this.endListeners.clear();
  }

  private async catchUp(): Promise<void> {
    const { stream, bufferLimit, batchSize } = this.options;
    try {
      while (!this.closed) {
        if (this.queue.length >= bufferLimit) {
          await new Promise<void>((resolve) => (this.roomWaiter = resolve));
          this.roomWaiter = undefined;
          continue;
        }
        const tailBefore = this.tail.position;
        const limit = Math.min(batchSize, bufferLimit - this.queue.length);
        const events = await this.store.readAll({
          after: this.cursor,
          limit,
          types: stream.eventTypes,
        });
        if (this.closed) return;
        for (const event of events) this.pass(event);
        // A short batch from a read that started after the tail had read up to `tailBefore`
        // holds every matching event up to there (gap-safe reads).
        if (events.length < limit && compareLogPositions(tailBefore, this.cursor) > 0) {
          this.cursor = tailBefore;
        }
        if (compareLogPositions(this.cursor, this.tail.position) >= 0) {
          this.live = true;
          return;
        }
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private takeLive(events: readonly StoredEvent[]): void {
    if (!this.live || this.closed) return;
    try {
      for (const event of events) {
        if (this.queue.length >= this.options.bufferLimit && this.accepts(event)) {
          if (!isAfterLogPosition(event.position, this.cursor)) continue;
          this.fail(new StreamClientTooSlowError(this.options.bufferLimit));
          return;
        }
        this.pass(event);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /** Moves the cursor over `event` and queues it when the client is to receive it. */
  private pass(event: StoredEvent): void {
    if (!isAfterLogPosition(event.position, this.cursor)) return;
    this.cursor = event.position;
    if (!this.accepts(event)) return;
    this.queue.push({
      id: formatLogPosition(event.position),
      type: event.type,
      data: this.options.stream.map(event) as TPublic,
    });
    this.frameWaiter?.();
  }

  private accepts(event: StoredEvent): boolean {
    return (
      event.metadata.tenantId === this.options.tenantId && streamCarries(this.options.stream, event)
    );
  }
}
