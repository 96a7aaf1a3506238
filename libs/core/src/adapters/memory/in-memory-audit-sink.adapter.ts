import {
  type AuditCursorPosition,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  AuditSink,
  decodeAuditCursor,
  encodeAuditCursor,
  normaliseAuditDetails,
} from '../../ports/audit-sink.port.js';

/** A stored entry: frozen, with the instant kept as epoch ms so no `Date` can be mutated. */
interface StoredEntry {
  readonly at: number;
  readonly entry: Omit<AuditEntry, 'occurredAt'>;
}

/** Position in the newest-first order, strictly after which the next page starts. */
type Position = AuditCursorPosition;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}

/** Newest first; ties by id descending. Negative when `a` comes before `b`. */
function compare(a: Position, b: Position): number {
  if (a[0] !== b[0]) return b[0] - a[0];
  return a[1] === b[1] ? 0 : a[1] < b[1] ? 1 : -1;
}

/**
 * Append-only {@link AuditSink} held in process memory (tests, embedded mode): stored
 * entries are frozen copies, kept in query order, and every returned entry is frozen too.
 */
export class InMemoryAuditSink extends AuditSink {
  private readonly entries: StoredEntry[] = [];
  private readonly ids = new Set<string>();

  async record(entry: AuditEntry): Promise<void> {
    this.assertValidEntry(entry);
    if (this.ids.has(entry.id)) return;
    const { occurredAt, details, ...rest } = entry;
    const copy = structuredClone(rest);
    const stored: StoredEntry = deepFreeze({
      at: occurredAt.getTime(),
      entry: details === undefined ? copy : { ...copy, details: normaliseAuditDetails(details) },
    });
    const index = this.insertionIndex([stored.at, entry.id]);
    this.entries.splice(index, 0, stored);
    this.ids.add(entry.id);
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    const { limit } = this.prepareQuery(query);
    const after = query.cursor === undefined ? undefined : decodeAuditCursor(query.cursor);
    const start = after ? this.insertionIndex(after) : 0;
    const items: AuditEntry[] = [];
    let index = start;
    for (; index < this.entries.length && items.length <= limit; index += 1) {
      const stored = this.entries[index]!;
      if (after && compare([stored.at, stored.entry.id], after) <= 0) continue;
      if (matches(stored, query)) items.push(toEntry(stored));
    }
    if (items.length <= limit) return { items };
    const page = items.slice(0, limit);
    const last = page.at(-1)!;
    return { items: page, nextCursor: encodeAuditCursor([last.occurredAt.getTime(), last.id]) };
  }

  /** First index whose entry does not come before `position` (binary search). */
  private insertionIndex(position: Position): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const stored = this.entries[middle]!;
      if (compare([stored.at, stored.entry.id], position) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function matches(stored: StoredEntry, query: AuditQuery): boolean {
  const { entry, at } = stored;
  return (
    (entry.tenantId ?? null) === query.tenantId &&
    (query.actorId === undefined || entry.actor?.id === query.actorId) &&
    (query.action === undefined || entry.action === query.action) &&
    (query.outcome === undefined || entry.outcome === query.outcome) &&
    (query.resourceType === undefined || entry.resource?.type === query.resourceType) &&
    (query.resourceId === undefined || entry.resource?.id === query.resourceId) &&
    (query.from === undefined || at >= query.from.getTime()) &&
    (query.to === undefined || at < query.to.getTime())
  );
}

function toEntry(stored: StoredEntry): AuditEntry {
  return Object.freeze({ ...stored.entry, occurredAt: new Date(stored.at) });
}
