import { Readable } from 'node:stream';
import type { AuditPage } from '@cqrs-ddd/core';
import { AccessGuard, RequirePermissions } from '@cqrs-ddd/access-control';
import { Controller, Get, Query, StreamableFile, type Type, UseGuards } from '@nestjs/common';
import { AuditService } from '../recording/audit.service.js';
import { type AuditResponseFormat, parseAuditQueryParams } from './audit-query.params.js';

/** Default route path of {@link AuditController}. */
export const AUDIT_DEFAULT_PATH = 'audit';

/** Permission `GET /audit` requires. */
export const AUDIT_READ_PERMISSION = 'audit:read';

const STREAMED: Record<Exclude<AuditResponseFormat, 'json'>, { type: string; file: string }> = {
  jsonl: { type: 'application/x-ndjson; charset=utf-8', file: 'audit.jsonl' },
  csv: { type: 'text/csv; charset=utf-8', file: 'audit.csv' },
};

/**
 * The trail of the caller's tenant over HTTP (registered by `AuditModule`'s `http` option):
 *
 * `GET /audit?actor&action&resourceType&resourceId&outcome&from&to&limit&cursor&format`
 * - `format=json` (default): one page, `{ items, nextCursor }`, newest first;
 * - `format=jsonl` / `format=csv`: every page from `cursor` on, streamed
 *   (`application/x-ndjson`, `text/csv`); `limit` is then the page size.
 *
 * Guarded by access-control's `AccessGuard` with `@RequirePermissions('audit:read')` (no
 * principal: `UnauthenticatedError`; missing permission: `ForbiddenError` — the app maps them
 * to 401 / 403). Invalid parameters: `ValidationError`. The tenant is the request context's:
 * no one reads another tenant's trail here.
 */
@Controller(AUDIT_DEFAULT_PATH)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Lists or exports the caller's trail (see the class description). */
  @Get()
  @UseGuards(AccessGuard)
  @RequirePermissions(AUDIT_READ_PERMISSION)
  async list(@Query() params: Record<string, unknown>): Promise<AuditPage | StreamableFile> {
    const { filters, format } = parseAuditQueryParams(params);
    if (format === 'json') return this.audit.query(filters);
    const lines =
      format === 'csv' ? this.audit.exportCsv(filters) : this.audit.exportJsonLines(filters);
    const { type, file } = STREAMED[format];
    return new StreamableFile(await startedStream(lines), {
      type,
      disposition: `attachment; filename="${file}"`,
    });
  }
}

/** {@link AuditController} served at `path`. */
export function auditControllerAt(path: string): Type<AuditController> {
  if (path === AUDIT_DEFAULT_PATH) return AuditController;
  @Controller(path)
  class AuditControllerAtPath extends AuditController {}
  return AuditControllerAtPath;
}

/**
 * A stream of `lines` whose first chunk was already read, so that a rejected query (a bad
 * cursor) fails the request before the response starts instead of cutting it mid-stream.
 */
async function startedStream(lines: AsyncIterable<string>): Promise<Readable> {
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* rest(): AsyncGenerator<string> {
    try {
      for (let step = first; !step.done; step = await iterator.next()) yield step.value;
    } finally {
      await iterator.return?.();
    }
  }
  return Readable.from(rest());
}
