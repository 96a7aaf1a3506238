import { ValidationError, type ValidationIssue } from '../errors/validation.error.js';

/** An aggregate's state at a stream version, so loading replays only the events after it. */
export interface Snapshot<TState = unknown> {
  /** Stream the state was built from. */
  readonly streamId: string;
  /** Stream version the state includes (integer >= 1). */
  readonly version: number;
  /** Aggregate type, e.g. `Order`. */
  readonly type: string;
  /** Version of the serialised `state` shape; bump it to invalidate old snapshots. */
  readonly schemaVersion: number;
  /** JSON-serialisable aggregate state. */
  readonly state: TState;
  /** When the snapshot was taken (ISO-8601 UTC). */
  readonly takenAt: string;
}

/**
 * Stores the latest snapshot per stream. Snapshots are an optimisation: losing one only costs
 * a longer replay, but serving a stale one after a newer was saved must never happen, so
 * `save` keeps whichever snapshot has the higher version (a later save of the same version
 * replaces it, e.g. after a `schemaVersion` bump).
 */
export abstract class SnapshotStore {
  /** Stores `snapshot` unless a snapshot of a higher version is already stored. */
  abstract save(snapshot: Snapshot): Promise<void>;

  /** The latest snapshot of the stream, or `null`. */
  abstract load<TState = unknown>(streamId: string): Promise<Snapshot<TState> | null>;

  /** Removes the stream's snapshot (no-op when there is none). */
  abstract delete(streamId: string): Promise<void>;
}

/** Throws a `ValidationError` listing every malformed field of `snapshot` (shared by adapters). */
export function assertValidSnapshot(snapshot: Snapshot): void {
  const issues: ValidationIssue[] = [];
  const nonEmpty = (value: unknown) => typeof value === 'string' && value.length > 0;
  const atLeastOne = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 1;
  if (!nonEmpty(snapshot.streamId))
    issues.push({ path: 'streamId', message: 'must be a non-empty string' });
  if (!atLeastOne(snapshot.version))
    issues.push({ path: 'version', message: 'must be an integer >= 1' });
  if (!nonEmpty(snapshot.type))
    issues.push({ path: 'type', message: 'must be a non-empty string' });
  if (!atLeastOne(snapshot.schemaVersion)) {
    issues.push({ path: 'schemaVersion', message: 'must be an integer >= 1' });
  }
  if (snapshot.state === undefined) issues.push({ path: 'state', message: 'is required' });
  if (typeof snapshot.takenAt !== 'string' || Number.isNaN(Date.parse(snapshot.takenAt))) {
    issues.push({ path: 'takenAt', message: 'must be an ISO-8601 timestamp' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
