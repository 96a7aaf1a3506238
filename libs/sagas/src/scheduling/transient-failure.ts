import { isConcurrencyError } from '@cqrs-ddd/core';

/** PostgreSQL SQLSTATE classes and codes of failures that may pass when tried again. */
const TRANSIENT_SQLSTATE = /^(08|53|57P0)|^(40001|40P01|55P03)$/;
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const TRANSIENT_NAMES = new Set([
  'ConnectionException',
  'DeadlockException',
  'LockWaitTimeoutException',
]);

/**
 * Whether `error` (or one of its causes) is an outage or a conflict rather than a verdict on the
 * work: a lost or refused connection, a server shutting down or out of resources, a
 * serialization failure or deadlock, or a `ConcurrencyError`. Such runs are retried later; any
 * other error is final.
 */
export function isTransientFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== 'object') return false;
    if (isConcurrencyError(current)) return true;
    const { code, name, message } = current as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
    };
    if (
      typeof code === 'string' &&
      (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code))
    ) {
      return true;
    }
    if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true;
    if (typeof message === 'string' && /Connection terminated|connection timeout/i.test(message)) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
