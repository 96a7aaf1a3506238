import type { EventStore, LogCheckpoint, StoredEvent } from '@cqrs-ddd/core';
import type { Logger } from '@nestjs/common';

/** Receives each batch the tail read, in log order, synchronously. */
export type TailListener = (events: readonly StoredEvent[]) => void;

/** How a {@link LogTail} reads. */
export interface LogTailOptions {
  /** Event types to read (the union of the streams' types). */
  readonly types: readonly string[];
  /** Events per read. */
  readonly batchSize: number;
  /** Read again after this long without a wake-up signal, in ms (also the retry delay). */
  readonly idlePollMs: number;
}

/**
 * The one reader of a log in this instance: it follows the log from its head at start, in
 * commit order and gap-safe (`EventStore.readAll`), woken by the store's commit signal
 * (LISTEN/NOTIFY on PostgreSQL), and hands every batch to this instance's subscriptions. Its
 * {@link position} only moves forward, synchronously with the hand-over, which is what lets a
 * subscription switch from its own catch-up reads to the tail without a gap.
 */
export class LogTail {
  private current: LogCheckpoint = null;
  private readonly listeners = new Set<TailListener>();
  private readonly unsubscribe: () => void;
  private readonly running: Promise<void>;
  private stopped = false;
  private signalled = false;
  private wake?: () => void;
  private markReady!: () => void;
  /** Resolves once the tail knows its starting position. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly store: EventStore,
    private readonly options: LogTailOptions,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = store.subscribe(() => this.signal());
    this.running = this.run();
  }

  /** Position of the last event handed over (the log's head at start); valid after {@link ready}. */
  get position(): LogCheckpoint {
    return this.current;
  }

  /** Starts handing batches to `listener`. */
  add(listener: TailListener): void {
    this.listeners.add(listener);
  }

  /** Stops handing batches to `listener`. */
  remove(listener: TailListener): void {
    this.listeners.delete(listener);
  }

  /** Stops reading; resolves when the running read is over. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.signal();
    this.markReady();
    await this.running;
  }

  private signal(): void {
    this.signalled = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        this.current = await this.store.headPosition();
        this.markReady();
        break;
      } catch (error) {
        this.logger.error(`Cannot read the head of the event log: ${describe(error)}`);
        await this.sleep();
      }
    }
    while (!this.stopped) {
      let full = false;
      try {
        this.signalled = false;
        const events = await this.store.readAll({
          after: this.current,
          limit: this.options.batchSize,
          types: this.options.types,
        });
        full = events.length === this.options.batchSize;
        if (events.length > 0 && !this.stopped) this.handOver(events);
      } catch (error) {
        this.logger.error(`Cannot read the event log: ${describe(error)}`);
      }
      if (!full) await this.sleep();
    }
  }

  private handOver(events: readonly StoredEvent[]): void {
    this.current = events[events.length - 1].position;
    for (const listener of [...this.listeners]) listener(events);
  }

  /** Until the store signals a commit, {@link stop}, or `idlePollMs`. */
  private async sleep(): Promise<void> {
    if (this.signalled || this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.options.idlePollMs);
      this.wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
    this.wake = undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
