import { instrument, isTelemetryActive } from '@cqrs-ddd/core';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type Observable, defer, lastValueFrom } from 'rxjs';

/** The parts of GraphQL's `GraphQLResolveInfo` the interceptor reads. */
interface ResolveInfoLike {
  readonly fieldName: string;
  readonly path?: { readonly prev?: unknown };
  readonly operation?: { readonly operation?: string };
}

/**
 * Runs each root field of a GraphQL operation (`createOrder`, `orders`...) as the instrumented
 * operation `graphql.request`, a span named `graphql mutation createOrder`, child of the HTTP
 * request's span; nested field resolvers are not traced. Other context types pass through.
 */
@Injectable()
export class GraphqlTracingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql' || !isTelemetryActive()) return next.handle();
    const info = context.getArgByIndex<ResolveInfoLike | undefined>(3);
    if (!info?.fieldName || info.path?.prev) return next.handle();
    const operation = info.operation?.operation ?? 'query';
    return defer(() =>
      instrument(
        {
          operation: 'graphql.request',
          name: `graphql ${operation} ${info.fieldName}`,
        },
        () => lastValueFrom(next.handle(), { defaultValue: undefined }),
      ),
    );
  }
}
