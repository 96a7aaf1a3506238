import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { API_ERROR_CATALOG, INTERNAL_ERROR } from '../http/errors/api-error.catalog.js';
import type { ApiError } from '../http/errors/describe-api-error.js';

/**
 * The GraphQL error of an {@link ApiError}: `extensions.code` from the shared catalog
 * (BAD_USER_INPUT, NOT_FOUND, CONFLICT, DOMAIN_RULE_VIOLATION, ...), `extensions.errorCode` the
 * same stable code REST answers in its problem's `code`, `extensions.errors` every invalid field,
 * `extensions.correlationId` the request's correlation id.
 */
export function toGraphQLError(error: ApiError, correlationId?: string): GraphQLError {
  return new GraphQLError(error.detail, {
    extensions: {
      ...error.extensions,
      code: error.kind.graphqlCode,
      errorCode: error.code,
      ...(error.issues ? { errors: error.issues } : {}),
      ...(correlationId === undefined ? {} : { correlationId }),
    },
  });
}

/**
 * Apollo's `formatError`: errors mapped by the exception filter and Apollo's own request errors
 * (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT for bad variables) pass
 * unchanged; anything else is a server fault whose message must not leak.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code !== undefined && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  if (formatted.extensions?.errorCode === INTERNAL_ERROR) return formatted;
  const internal = API_ERROR_CATALOG[INTERNAL_ERROR]!;
  return {
    message: internal.detail!,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: internal.graphqlCode, errorCode: INTERNAL_ERROR },
  };
}
