import { isUnauthenticatedError, UnauthenticatedError } from '@cqrs-ddd/core';
import { AUTHENTICATION_FAILED_MESSAGE } from '../provider/authentication-failed.js';

/** Message when the request carried no username or no password. */
export const LDAP_MISSING_CREDENTIALS_MESSAGE =
  'Authentication failed: send a username and a password.';
/** Message when the directory cannot be reached (refused, timed out, name not resolved). */
export const LDAP_UNREACHABLE_MESSAGE =
  'Authentication failed: the directory (LDAP) is unreachable; try again later.';
/** Message for any other directory error (e.g. a wrong service account or search base). */
export const LDAP_DIRECTORY_ERROR_MESSAGE =
  'Authentication failed: the directory (LDAP) could not check the credentials; check the LDAP strategy options.';

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
]);
const UNREACHABLE_NAMES = new Set(['ConnectionError', 'TimeoutError']);

/**
 * The `UnauthenticatedError` for an error passport-ldapauth reported (an `UnauthenticatedError`
 * is kept as it is). The message says whether the directory was unreachable; it never contains
 * the password, the username or the directory's own message.
 */
export function ldapError(error: unknown): UnauthenticatedError {
  if (isUnauthenticatedError(error)) return error;
  const { code, name, message } = (error ?? {}) as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  const unreachable =
    UNREACHABLE_CODES.has(String(code)) ||
    UNREACHABLE_NAMES.has(String(name)) ||
    /timeout|timed out/i.test(String(message));
  return new UnauthenticatedError(
    unreachable ? LDAP_UNREACHABLE_MESSAGE : LDAP_DIRECTORY_ERROR_MESSAGE,
  );
}

/**
 * The `UnauthenticatedError` for a login passport-ldapauth refused (`status` 400: credentials
 * missing; otherwise wrong password, unknown user, locked account): one generic message.
 */
export function ldapRefusal(status?: number): UnauthenticatedError {
  return new UnauthenticatedError(
    status === 400 ? LDAP_MISSING_CREDENTIALS_MESSAGE : AUTHENTICATION_FAILED_MESSAGE,
  );
}
