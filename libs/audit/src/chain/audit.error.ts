import { CqrsDddError } from '@cqrs-ddd/core';

/**
 * Base class of the errors thrown by `@cqrs-ddd/audit` (besides the core errors it reuses:
 * `ValidationError` for malformed entries, queries and cursors). Branch on `code`.
 */
export abstract class AuditError extends CqrsDddError {}

/** True when `error` is any {@link AuditError}. */
export function isAuditError(error: unknown): error is AuditError {
  return error instanceof AuditError;
}
