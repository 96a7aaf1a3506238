import type { DomainEvent } from '@cqrs-ddd/core';

/** What a {@link SnapshotStrategy} decides on, after a save appended `events`. */
export interface SnapshotContext {
  /** Aggregate type, e.g. `Order`. */
  readonly aggregateType: string;
  /** Stream of the aggregate. */
  readonly streamId: string;
  /** Stream version after the save. */
  readonly version: number;
  /** Stream version before the save. */
  readonly previousVersion: number;
  /**
   * Stream version of the latest snapshot of the current revision this aggregate was loaded
   * from or saved with; 0 when there is none (so after a revision bump the next save counts
   * every event as not covered).
   */
  readonly snapshotVersion: number;
  /** The events this save appended, oldest first. */
  readonly events: readonly DomainEvent[];
}

/** Decides, after each save, whether to snapshot the aggregate. Built with `SnapshotStrategies`. */
export interface SnapshotStrategy {
  shouldSnapshot(context: SnapshotContext): boolean;
}

/**
 * When a snapshot is written: `'inline'` in the same transaction as the events (the save
 * waits for it; both commit or neither); `'async'` after the save, by a background job that
 * rebuilds the aggregate from committed events in its own transaction (never from uncommitted
 * state, so a rolled-back save leaves no snapshot; best effort: failures are only logged).
 */
export type SnapshotMode = 'inline' | 'async';

/** Snapshot settings of an aggregate (module-wide defaults, or per `forFeature` entry). */
export interface AggregateSnapshotOptions {
  /** When to snapshot. @default SnapshotStrategies.never() (no snapshots) */
  readonly strategy?: SnapshotStrategy;
  /**
   * Revision of the snapshot state's shape. Snapshots stored with another revision are ignored
   * (the aggregate is rebuilt from its events). Bump it whenever `toSnapshot()` changes shape.
   * @default the aggregate class's `static snapshotRevision`, else 1
   */
  readonly revision?: number;
  /** @default 'inline' */
  readonly mode?: SnapshotMode;
}
