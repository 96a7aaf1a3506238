import { type EventStore, isLogPosition, type LogPosition, ValidationError } from '@cqrs-ddd/core';
import type { ProjectionWaitTarget } from './projection-runtime.options.js';

/** Where a wait ends: the log position (absent when the stream has no such version) and stream. */
export interface ResolvedWaitTarget {
  readonly position?: LogPosition;
  /** The stream, when waiting for a stream version (only its partition is waited for). */
  readonly streamId?: string;
}

/**
 * The log position of a wait target: the position itself, or that of the event at
 * `target.version` of stream `target.streamId` (read with `readStream`).
 * @throws ValidationError for anything else
 */
export async function resolveWaitTarget(
  eventStore: EventStore,
  target: ProjectionWaitTarget,
): Promise<ResolvedWaitTarget> {
  if (isLogPosition(target)) return { position: target };
  const { streamId, version } = (target ?? {}) as { streamId?: unknown; version?: unknown };
  if (typeof streamId !== 'string' || streamId === '' || !isVersion(version)) {
    throw ValidationError.of(
      'target',
      'must be a LogPosition or { streamId: non-empty string, version: integer >= 1 }',
      'isWaitTarget',
    );
  }
  const range = { fromVersion: version, toVersion: version };
  for await (const event of eventStore.readStream(streamId, range)) {
    return { position: event.position, streamId };
  }
  return { streamId };
}

function isVersion(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}
