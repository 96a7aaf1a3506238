import {
  compareLogPositions,
  type LogPosition,
  retryDelay,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type { ResolvedProcessorRunOptions } from './resolve-processor-options.js';

/** What a worker does after its processor failed on a batch. */
export type HandlerFailureDecision =
  /** Sleep `delayMs`, then read and try again. */
  | { readonly kind: 'retry'; readonly delayMs: number }
  /** The batch is one event that failed `attempts` times: park it. */
  | { readonly kind: 'park'; readonly attempts: number };

/**
 * Failures of a batch of several events before its events are handled one at a time (at most
 * `maxAttempts`): a transient error is retried whole once, a poison event is then found fast.
 */
export const BATCH_ATTEMPTS_BEFORE_ISOLATION = 2;

/**
 * Failure bookkeeping of one partition worker: exponential backoff with full jitter, isolation
 * of a failing batch (its events handled one at a time up to its last event), and the attempt
 * count after which an event is parked.
 */
export class RetryBackoff {
  /** Consecutive failed attempts of the current batch, or of the isolated event. */
  private attempts = 0;
  /** Consecutive failures of any kind: the backoff exponent. */
  private failures = 0;
  /** While set, batches hold one event of the partition, up to this position. */
  private isolateUntil: LogPosition | null = null;

  constructor(
    private readonly retry: ResolvedProcessorRunOptions['retry'],
    private readonly random: () => number = Math.random,
  ) {}

  /** Whether the worker is failing (status `retrying`). */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** The events to hand to the processor now: only the first while isolating a failure. */
  select(events: readonly StoredEvent[], checkpoint: LogPosition | null): readonly StoredEvent[] {
    if (this.isolateUntil && compareLogPositions(checkpoint, this.isolateUntil) >= 0) {
      this.isolateUntil = null;
    }
    return this.isolateUntil && events.length > 1 ? events.slice(0, 1) : events;
  }

  /** The processor threw while handling `events` (as returned by {@link select}). */
  onHandlerFailure(events: readonly StoredEvent[]): HandlerFailureDecision {
    this.attempts += 1;
    if (events.length === 1 && this.attempts >= this.retry.maxAttempts) {
      // Not reset here: if parking fails, the next failure parks again.
      return { kind: 'park', attempts: this.attempts };
    }
    const isolationAt = Math.min(BATCH_ATTEMPTS_BEFORE_ISOLATION, this.retry.maxAttempts);
    if (events.length > 1 && this.attempts >= isolationAt) {
      this.isolateUntil = events[events.length - 1].position;
      this.attempts = 0;
    }
    return { kind: 'retry', delayMs: this.nextDelay() };
  }

  /** Something else failed (reading, saving): back off without blaming the events. */
  onOtherFailure(): number {
    return this.nextDelay();
  }

  /** The checkpoint moved (batch handled, event parked, or another owner moved it). */
  onProgress(): void {
    this.attempts = 0;
    this.failures = 0;
  }

  private nextDelay(): number {
    this.failures += 1;
    return Math.round(
      retryDelay(
        this.failures,
        {
          baseDelayMs: this.retry.initialDelayMs,
          maxDelayMs: this.retry.maxDelayMs,
          jitter: 'full',
        },
        this.random,
      ),
    );
  }
}
