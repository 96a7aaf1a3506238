import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import {
  isConcurrencyError,
  isDomainRuleViolation,
  isNotFoundError,
  isValidationError,
  type ValidationIssue,
} from '@cqrs-ddd/core';
import { isReadModelLaggingError } from '../../orders/read-model/read-model-lagging.error.js';
import {
  API_ERROR_CATALOG,
  HTTP_STATUS_CODES,
  INTERNAL_ERROR,
  type ApiErrorKind,
} from './api-error.catalog.js';

/** A failure as the API reports it, on REST and GraphQL alike. */
export interface ApiError {
  /** Stable code (a key of `API_ERROR_CATALOG`, or `HTTP_<status>` for other HTTP errors). */
  readonly code: string;
  readonly kind: ApiErrorKind;
  /** Human explanation of this occurrence, safe to show the caller. */
  readonly detail: string;
  /** Every invalid field, for validation failures. */
  readonly issues?: readonly ValidationIssue[];
  /** Further machine-readable members (`rule`, `expectedVersion`, ...). */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** A server fault (not the caller's mistake): log it, reveal nothing. */
  readonly internal: boolean;
}

/** Maps any thrown value to its {@link ApiError} through `API_ERROR_CATALOG`. */
export function describeApiError(error: unknown): ApiError {
  if (error instanceof HttpException) return describeHttpException(error);
  const code = codeOf(error);
  const kind = code === undefined ? undefined : API_ERROR_CATALOG[code];
  if (code === undefined || kind === undefined || code === INTERNAL_ERROR) return internalError();
  return {
    code,
    kind,
    detail: kind.detail ?? (error as Error).message,
    ...(isValidationError(error) ? { issues: error.issues } : {}),
    extensions: extensionsOf(error),
    internal: false,
  };
}

function codeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(API_ERROR_CATALOG, code) ? code : undefined;
}

function extensionsOf(error: unknown): Record<string, unknown> {
  if (isDomainRuleViolation(error)) return { rule: error.rule };
  if (isConcurrencyError(error)) {
    return { expectedVersion: error.expected, actualVersion: error.actual };
  }
  if (isNotFoundError(error)) {
    return { resourceType: error.resourceType, resourceId: error.resourceId };
  }
  if (isReadModelLaggingError(error)) {
    const { resourceType, resourceId, minVersion, currentVersion } = error;
    return { resourceType, resourceId, minVersion, currentVersion };
  }
  return {};
}

function describeHttpException(error: HttpException): ApiError {
  const status = error.getStatus();
  if (status >= 500) return internalError();
  const code = HTTP_STATUS_CODES[status] ?? `HTTP_${status}`;
  const kind = API_ERROR_CATALOG[code] ?? {
    status,
    title: STATUS_CODES[status] ?? 'Client error',
    graphqlCode: 'BAD_USER_INPUT',
  };
  // Body parsers throw SyntaxErrors whose messages quote the broken input: say it plainly.
  const unreadable = error.cause instanceof SyntaxError || error.cause instanceof URIError;
  const detail = unreadable && kind.detail ? kind.detail : error.message;
  return { code, kind, detail, extensions: {}, internal: false };
}

function internalError(): ApiError {
  const kind = API_ERROR_CATALOG[INTERNAL_ERROR]!;
  return { code: INTERNAL_ERROR, kind, detail: kind.detail!, extensions: {}, internal: true };
}
