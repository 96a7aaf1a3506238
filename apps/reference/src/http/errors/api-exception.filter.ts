import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import { currentRequestContext } from '@cqrs-ddd/core';
import { deadLetterUnsettledDelivery } from '@cqrs-ddd/outbox';
import { toGraphQLError } from '../../graphql/to-graphql-error.js';
import type { ExpressRequest, ExpressResponse } from '../express.types.js';
import { describeApiError } from './describe-api-error.js';
import { PROBLEM_JSON, toProblemDetails } from './problem-details.js';

/**
 * The app's global exception filter, one mapping for both APIs (see `API_ERROR_CATALOG`):
 * REST gets RFC 9457 `application/problem+json` with a stable `code` (and `errors[]` listing
 * every invalid field), GraphQL a `GraphQLError` with `extensions.code`. Client mistakes are
 * 4xx and not logged as errors; anything unknown is a 500 that reveals nothing but the
 * correlation id, and is logged with its stack.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const error = describeApiError(exception);
    const correlationId = currentRequestContext()?.correlationId;
    if (error.internal) {
      const stack = exception instanceof Error ? exception.stack : String(exception);
      this.logger.error(`Unhandled error (correlation id ${correlationId ?? '-'})`, stack);
    }
    if (host.getType<GqlContextType>() === 'graphql') return toGraphQLError(error, correlationId);
    if (host.getType() !== 'http') {
      // A broker message refused before the inbox settled it (by a guard) is dead-lettered.
      deadLetterUnsettledDelivery(host);
      throw exception;
    }

    const http = host.switchToHttp();
    const response = http.getResponse<ExpressResponse>();
    if (response.headersSent) {
      response.end();
      return undefined;
    }
    const request = http.getRequest<ExpressRequest>();
    const problem = toProblemDetails(error, {
      instance: request.originalUrl.split('?')[0],
      correlationId,
    });
    if (error.kind.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(error.kind.retryAfterSeconds));
    }
    response.status(problem.status).type(PROBLEM_JSON).send(JSON.stringify(problem));
    return undefined;
  }
}
