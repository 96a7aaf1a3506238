import {
  AUDIT_QUERY_MAX_LIMIT,
  type AuditEntry,
  type AuditQuery,
  type AuditSink,
} from '@cqrs-ddd/core';

/**
 * Every entry matching `query`, newest first, one page (array) at a time: starts at
 * `query.cursor` (or the newest entry) and follows `nextCursor` to the end. `query.limit` is the
 * size of each page read, not a total.
 * @param query filters of {@link AuditSink.query}; `limit` @default 1000
 * @throws ValidationError for invalid filters or cursor (from the first page read)
 */
export async function* auditEntryPages(
  sink: AuditSink,
  query: AuditQuery,
): AsyncGenerator<readonly AuditEntry[]> {
  let cursor = query.cursor;
  do {
    const page = await sink.query({
      ...query,
      limit: query.limit ?? AUDIT_QUERY_MAX_LIMIT,
      cursor,
    });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}
