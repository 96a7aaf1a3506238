import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { IdGenerator } from '../ports/id-generator.port.js';
import { contextFromHeaders, type HeaderSource } from './context-headers.js';
import {
  REQUEST_CONTEXT_OPTIONS,
  type ResolvedRequestContextOptions,
} from './request-context.options.js';
import { runWithState } from './request-context-scope.js';

/** The parts of a Node HTTP request/response the middleware uses (Express and Fastify alike). */
interface IncomingLike {
  readonly headers?: HeaderSource;
}
interface OutgoingLike {
  setHeader?(name: string, value: string): unknown;
  headersSent?: boolean;
}

/**
 * HTTP entry point: runs the rest of the request in a new request context whose correlation
 * id comes from the correlation header or `traceparent` (or is new), and echoes it in the
 * response. `CqrsDddModule` mounts it on every route unless `context.http` is `false`.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(
    @Inject(REQUEST_CONTEXT_OPTIONS) private readonly options: ResolvedRequestContextOptions,
    private readonly ids: IdGenerator,
  ) {}

  use(req: IncomingLike, res: OutgoingLike, next: (error?: unknown) => void): void {
    const state = contextFromHeaders(req.headers, this.options, this.ids);
    if (this.options.echoCorrelationHeader && !res.headersSent && res.setHeader) {
      res.setHeader(this.options.correlationHeader, state.correlationId!);
    }
    runWithState(state, () => next());
  }
}
