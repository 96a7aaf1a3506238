import {
  type AuditEntry,
  isCqrsDddError,
  isForbiddenError,
  isUnauthenticatedError,
} from '@cqrs-ddd/core';

/** Error code of failures that are not suite errors (bugs, outages). */
export const INTERNAL_ERROR_CODE = 'INTERNAL_ERROR';

/**
 * How an execution that threw `error` ended, for its audit entry:
 * - `denied`: `ForbiddenError` (reason: its reason) or `UnauthenticatedError`;
 * - `failed`: any other suite error (its code and message), or anything else with code
 *   `INTERNAL_ERROR` and the error's class name as reason — never its message, which may hold
 *   data an auditor must not see (SQL, values).
 */
export function auditOutcomeOf(
  error: unknown,
): Pick<AuditEntry, 'outcome' | 'reason' | 'errorCode'> {
  if (isForbiddenError(error)) {
    return { outcome: 'denied', reason: error.reason, errorCode: error.code };
  }
  if (isUnauthenticatedError(error)) {
    return { outcome: 'denied', reason: error.message, errorCode: error.code };
  }
  if (isCqrsDddError(error)) {
    return { outcome: 'failed', reason: error.message, errorCode: error.code };
  }
  // The class name: driver errors (MikroORM's) keep `name` as the driver's generic 'error'.
  const reason = error instanceof Error ? error.constructor.name || error.name : typeof error;
  return { outcome: 'failed', reason, errorCode: INTERNAL_ERROR_CODE };
}
