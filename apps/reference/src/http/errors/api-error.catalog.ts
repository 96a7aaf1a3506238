/**
 * The one table from stable error codes to their REST and GraphQL renderings. Core and library
 * errors keep their own `code` (`VALIDATION_FAILED`, `CONCURRENCY_CONFLICT`, ...); the codes
 * below that no library throws (`MALFORMED_REQUEST`, `ROUTE_NOT_FOUND`, ...) name HTTP-level
 * failures. REST answers `status` with an RFC 9457 problem whose `code` is the key; GraphQL
 * answers `extensions.code` = `graphqlCode` (the DESIGN.md §6 set) and `extensions.errorCode`
 * = the key.
 */
export interface ApiErrorKind {
  /** HTTP status of the problem response. */
  readonly status: number;
  /** Short, stable summary of the problem type (RFC 9457 `title`). */
  readonly title: string;
  /** `extensions.code` of the GraphQL error. */
  readonly graphqlCode: string;
  /** Sends `Retry-After` with this many seconds: the same request may succeed later. */
  readonly retryAfterSeconds?: number;
  /**
   * Replaces the error's own message as `detail`, where that message names internals (e.g. an
   * idempotency key after the API scoped it).
   */
  readonly detail?: string;
}

/** Code of any failure the catalog does not know: a 500 that reveals nothing. */
export const INTERNAL_ERROR = 'INTERNAL_ERROR';

/** Every code the API answers with, and how. */
export const API_ERROR_CATALOG: Readonly<Record<string, ApiErrorKind>> = {
  VALIDATION_FAILED: { status: 400, title: 'Invalid request', graphqlCode: 'BAD_USER_INPUT' },
  MALFORMED_REQUEST: {
    status: 400,
    title: 'Malformed request',
    graphqlCode: 'BAD_USER_INPUT',
    detail:
      'The request could not be parsed: send well-formed JSON with Content-Type: ' +
      'application/json, to a correctly percent-encoded URL.',
  },
  UNAUTHENTICATED: {
    status: 401,
    title: 'Authentication required',
    graphqlCode: 'UNAUTHENTICATED',
  },
  FORBIDDEN: { status: 403, title: 'Forbidden', graphqlCode: 'FORBIDDEN' },
  TENANT_REQUIRED: { status: 400, title: 'Tenant required', graphqlCode: 'BAD_USER_INPUT' },
  INVALID_TENANT_ID: { status: 400, title: 'Invalid tenant id', graphqlCode: 'BAD_USER_INPUT' },
  // A token naming a tenant that does not exist: refused like a suspended one, never a 404
  // that could be mistaken for the resource.
  TENANT_NOT_FOUND: { status: 403, title: 'Unknown tenant', graphqlCode: 'FORBIDDEN' },
  TENANT_SUSPENDED: { status: 403, title: 'Tenant suspended', graphqlCode: 'FORBIDDEN' },
  TENANT_MISMATCH: { status: 403, title: 'Tenant mismatch', graphqlCode: 'FORBIDDEN' },
  NOT_FOUND: { status: 404, title: 'Resource not found', graphqlCode: 'NOT_FOUND' },
  ROUTE_NOT_FOUND: { status: 404, title: 'Route not found', graphqlCode: 'NOT_FOUND' },
  SAGA_NOT_FOUND: { status: 404, title: 'Saga instance not found', graphqlCode: 'NOT_FOUND' },
  SAGA_STATE_CONFLICT: {
    status: 409,
    title: 'Saga instance in another state',
    graphqlCode: 'CONFLICT',
  },
  CONCURRENCY_CONFLICT: { status: 409, title: 'Version conflict', graphqlCode: 'CONFLICT' },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: 'Request in progress',
    graphqlCode: 'CONFLICT',
    retryAfterSeconds: 1,
    detail:
      'A request with this Idempotency-Key is still being processed. ' +
      'Retry later with the same key to receive its result.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large', graphqlCode: 'BAD_USER_INPUT' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported media type',
    graphqlCode: 'BAD_USER_INPUT',
  },
  DOMAIN_RULE_VIOLATION: {
    status: 422,
    title: 'Business rule violated',
    graphqlCode: 'DOMAIN_RULE_VIOLATION',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'Idempotency key reused',
    graphqlCode: 'BAD_USER_INPUT',
    detail:
      'This Idempotency-Key was already used for a different request. Send a new key for a ' +
      'new request, or repeat the original request unchanged.',
  },
  READ_MODEL_LAGGING: {
    status: 503,
    title: 'Read model behind',
    graphqlCode: 'READ_MODEL_LAGGING',
    retryAfterSeconds: 1,
  },
  [INTERNAL_ERROR]: {
    status: 500,
    title: 'Internal error',
    graphqlCode: 'INTERNAL_SERVER_ERROR',
    detail: 'The server failed to handle the request. Retry later; quote the correlation id.',
  },
};

/** HTTP statuses of framework-level errors (`HttpException`s) and the code each gets. */
export const HTTP_STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};
