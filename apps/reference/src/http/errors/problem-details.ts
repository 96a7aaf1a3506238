import type { ApiError } from './describe-api-error.js';

/** Media type of RFC 9457 problem responses. */
export const PROBLEM_JSON = 'application/problem+json';

/** One invalid field of a rejected request, as listed in `errors`. */
export interface ProblemFieldError {
  /** Dotted path of the field (`quantity`, `filter.total`, `If-Match`); empty for the whole input. */
  readonly path: string;
  readonly message: string;
  /** Short code of the violated rule (`isInt`, `unknownField`, ...). */
  readonly rule?: string;
}

/**
 * An RFC 9457 problem document. `type`, `title`, `status`, `detail` and `instance` are the
 * standard members; `code` (stable, the thing to branch on), `correlationId`, `errors` and the
 * error's own members (`rule`, `expectedVersion`, ...) are extensions.
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code: string;
  readonly correlationId?: string;
  readonly errors?: readonly ProblemFieldError[];
  readonly [extension: string]: unknown;
}

/**
 * The problem type URI of a code: a `tag:` URI (RFC 4151), an identifier that is not meant to
 * be dereferenced, e.g. `tag:cqrs-ddd,2026:problem:validation-failed`.
 */
export function problemType(code: string): string {
  return `tag:cqrs-ddd,2026:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/** The problem document of `error` for the request at `instance`. */
export function toProblemDetails(
  error: ApiError,
  context: { readonly instance?: string; readonly correlationId?: string } = {},
): ProblemDetails {
  return {
    ...error.extensions,
    type: problemType(error.code),
    title: error.kind.title,
    status: error.kind.status,
    detail: error.detail,
    ...(context.instance === undefined ? {} : { instance: context.instance }),
    code: error.code,
    ...(context.correlationId === undefined ? {} : { correlationId: context.correlationId }),
    ...(error.issues
      ? {
          errors: error.issues.map(({ path, message, rule }) => ({
            path,
            message,
            ...(rule === undefined ? {} : { rule }),
          })),
        }
      : {}),
  };
}
