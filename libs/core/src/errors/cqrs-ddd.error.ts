/**
 * Base class of every error thrown by the cqrs-ddd suite.
 *
 * `code` is stable across releases and is what callers (and HTTP/GraphQL error mappers)
 * branch on; `message` is for humans and says what to do about it.
 */
export abstract class CqrsDddError extends Error {
  /** Stable, machine-readable error code (e.g. `CONCURRENCY_CONFLICT`). */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True when `error` is a suite error carrying the given `code`. */
export function hasErrorCode(error: unknown, code: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === code &&
    error instanceof Error
  );
}

/** True when `error` is any error of the suite (has a string `code` and extends {@link CqrsDddError}). */
export function isCqrsDddError(error: unknown): error is CqrsDddError {
  return error instanceof CqrsDddError;
}
