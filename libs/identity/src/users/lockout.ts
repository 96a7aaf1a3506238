import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';

/** Default `maxFailedAttempts` of local users. */
export const DEFAULT_MAX_FAILED_ATTEMPTS = 5;
/** Default `lockoutSeconds` of local users. */
export const DEFAULT_LOCKOUT_SECONDS = 900;

/**
 * The validated lockout rules of `options`.
 * @throws IdentityConfigurationError unless `maxFailedAttempts` is a positive integer and
 * `lockoutSeconds` a positive number
 */
export function lockoutRules(options: { maxFailedAttempts?: number; lockoutSeconds?: number }): {
  maxFailedAttempts: number;
  lockoutMs: number;
} {
  const maxFailedAttempts = options.maxFailedAttempts ?? DEFAULT_MAX_FAILED_ATTEMPTS;
  const lockoutSeconds = options.lockoutSeconds ?? DEFAULT_LOCKOUT_SECONDS;
  if (!Number.isSafeInteger(maxFailedAttempts) || maxFailedAttempts < 1) {
    throw new IdentityConfigurationError(
      `strategies.local.maxFailedAttempts must be a positive integer, got ${String(maxFailedAttempts)}.`,
    );
  }
  if (!Number.isFinite(lockoutSeconds) || lockoutSeconds <= 0) {
    throw new IdentityConfigurationError(
      `strategies.local.lockoutSeconds must be a positive number, got ${String(lockoutSeconds)}.`,
    );
  }
  return { maxFailedAttempts, lockoutMs: Math.round(lockoutSeconds * 1000) };
}

/**
 * Counts one failed login of a user, atomically: concurrent failures queue on the row lock and
 * each one re-reads the count. A lock that has run out starts a new count; a running lock is
 * kept as it is (further failures do not extend it); reaching the maximum sets the lock.
 * Parameters: now, now, now, maxFailedAttempts, lockedUntil, user id.
 */
export function recordFailureSql(table: string): string {
  const attempts = `CASE WHEN locked_until <= ?::timestamptz THEN 1 ELSE failed_attempts + 1 END`;
  return `UPDATE ${table} SET
      failed_attempts = ${attempts},
      locked_until = CASE
        WHEN locked_until > ?::timestamptz THEN locked_until
        WHEN ${attempts} >= ? THEN ?::timestamptz
      END
    WHERE id = ?`;
}
