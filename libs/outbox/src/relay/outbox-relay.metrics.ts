/** Counters of one outbox publisher in this instance (since it started). */
export interface OutboxRelayCounters {
  /** Messages the broker confirmed. */
  readonly published: number;
  /** Publish attempts that failed (a batch retried three times counts three). */
  readonly failed: number;
  /** When the last confirmed batch was confirmed (ISO-8601), if any. */
  readonly lastPublishedAt?: string;
  /** Commit-to-confirm time of the last message of the last confirmed batch, in ms. */
  readonly lastLatencyMs?: number;
}

/** Mutable {@link OutboxRelayCounters} of a relay. */
export class OutboxRelayMetrics {
  private published = 0;
  private failed = 0;
  private lastPublishedAt?: string;
  private lastLatencyMs?: number;

  /** `count` messages confirmed now; `committedAt` is when the last of them was committed. */
  onPublished(count: number, committedAt: string | undefined, now: Date): void {
    this.published += count;
    this.lastPublishedAt = now.toISOString();
    if (committedAt) this.lastLatencyMs = Math.max(0, now.getTime() - Date.parse(committedAt));
  }

  /** A publish attempt failed. */
  onFailed(): void {
    this.failed += 1;
  }

  /** A snapshot of the counters. */
  snapshot(): OutboxRelayCounters {
    return {
      published: this.published,
      failed: this.failed,
      ...(this.lastPublishedAt ? { lastPublishedAt: this.lastPublishedAt } : {}),
      ...(this.lastLatencyMs !== undefined ? { lastLatencyMs: this.lastLatencyMs } : {}),
    };
  }
}
