import {
  compareLogPositions,
  type EventStore,
  type LogPosition,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type { EventUpcasting } from '@cqrs-ddd/event-store';

/** A stretch of the log to read, in commit order. */
export interface LogScan {
  /** Read strictly after this position (`null`: from the log start). */
  readonly after: LogPosition | null;
  /** Read up to this position, included. */
  readonly until: LogPosition;
  /** Stored event types to read. */
  readonly types: readonly string[];
  /** Events per `readAll` page. */
  readonly batchSize: number;
}

/** Reads `scan` page by page, handing each page (possibly empty once filtered) to `visit`. */
export async function scanLog(
  eventStore: EventStore,
  { after: start, until, types, batchSize }: LogScan,
  visit: (events: readonly StoredEvent[]) => Promise<void> | void,
): Promise<void> {
  let after = start;
  while (compareLogPositions(after, until) < 0) {
    const page = await eventStore.readAll({ after, limit: batchSize, types });
    if (page.length === 0) return;
    await visit(page.filter((event) => compareLogPositions(event.position, until) <= 0));
    after = page[page.length - 1].position;
  }
}

/**
 * The tenant an event is projected for, as the projection batch executor decides it: the
 * (upcast) event's `metadata.tenantId`, else the projection's `defaultTenantId`.
 */
export function tenantOfEvent(
  stored: StoredEvent,
  upcasting: EventUpcasting | undefined,
  defaultTenantId: string | undefined,
): string | undefined {
  const own = (upcasting?.upcast(stored) ?? stored).metadata.tenantId;
  return typeof own === 'string' && own !== '' ? own : defaultTenantId;
}

/** The latest of `positions` (`null` when all are `null`). */
export function latestPosition(positions: readonly (LogPosition | null)[]): LogPosition | null {
  return positions.reduce<LogPosition | null>(
    (max, position) => (compareLogPositions(position, max) > 0 ? position : max),
    null,
  );
}

/** The earliest of `positions` (`null` when one is `null`, the log start). */
export function earliestPosition(positions: readonly (LogPosition | null)[]): LogPosition | null {
  if (positions.length === 0) return null;
  return positions.reduce(
    (min, position) => (compareLogPositions(position, min) < 0 ? position : min),
    positions[0],
  );
}
