import type { AuditQuery, AuditSink } from '@cqrs-ddd/core';
import { auditEntryPages } from './audit-entries.pages.js';

/**
 * The entries matching `query` as JSON Lines (one JSON object per line, `\n`-terminated,
 * `occurredAt` in ISO 8601, absent fields left out), newest first, yielded a page at a time and
 * read page by page through the cursors, so any number of entries streams in bounded memory.
 * @param query filters of {@link AuditSink.query}; `limit` is the page size read. @default 1000
 * @throws ValidationError for invalid filters or cursor (when iteration starts)
 */
export async function* auditEntriesAsJsonLines(
  sink: AuditSink,
  query: AuditQuery,
): AsyncGenerator<string> {
  for await (const entries of auditEntryPages(sink, query)) {
    yield entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
  }
}
