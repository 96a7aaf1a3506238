import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { IdGenerator } from '../ports/id-generator.port.js';
import { type ClientRequestLike, clientInfoOf } from './client-info.js';
import { contextFromHeaders } from './context-headers.js';
import {
  REQUEST_CONTEXT_OPTIONS,
  type ResolvedRequestContextOptions,
} from './request-context.options.js';
import { runWithState } from './request-context-scope.js';

/** The parts of a Node HTTP response the middleware uses (Express and Fastify alike). */
interface OutgoingLike {
  setHeader?(name: string, value: string): unknown;
  headersSent?: boolean;
}

/**
 * HTTP entry point: runs the rest of the request in a new request context whose correlation
 * id comes from the correlation header or `traceparent` (or is new), and echoes it in the
 * response; the client's address and user agent go into the context too (see `clientInfoOf`).
 * `CqrsDddModule` mounts it on every route unless `context.http` is `false`.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(
    @Inject(REQUEST_CONTEXT_OPTIONS) private readonly options: ResolvedRequestContextOptions,
    private readonly ids: IdGenerator,
  ) {}

  use(req: ClientRequestLike, res: OutgoingLike, next: (error?: unknown) => void): void {
    const state = {
      ...contextFromHeaders(req.headers, this.options, this.ids),
      ...clientInfoOf(req),
    };
    if (this.options.echoCorrelationHeader && !res.headersSent && res.setHeader) {
      res.setHeader(this.options.correlationHeader, state.correlationId!);
    }
    runWithState(state, () => next());
  }
}
