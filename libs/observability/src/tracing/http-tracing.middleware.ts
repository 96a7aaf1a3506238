import type { ServerResponse } from 'node:http';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { TELEMETRY_ATTRIBUTES, instrument, isTelemetryActive } from '@cqrs-ddd/core';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { type RoutedRequest, UNMATCHED_ROUTE, routeTemplateOf } from './http-route.js';

/**
 * Runs the rest of each HTTP request as the instrumented operation `http.request`: a server
 * span (child of the caller's `traceparent`, which core's request-context middleware — mounted
 * before this one — put into the request context) that stays the active span and the request
 * context's `traceparent` until the response finishes, so the command and query spans of the
 * request are its children and the events they record carry its trace. The span is named
 * `METHOD /route/:template` once the response finished (the route is known only then) and
 * records method, route and status; a 5xx status marks it as an error.
 */
@Injectable()
export class HttpTracingMiddleware implements NestMiddleware {
  use(request: RoutedRequest, response: ServerResponse, next: (error?: unknown) => void): void {
    if (!isTelemetryActive()) {
      next();
      return;
    }
    const method = request.method ?? 'UNKNOWN';
    void instrument(
      {
        operation: 'http.request',
        name: method,
        kind: 'server',
        attributes: { [TELEMETRY_ATTRIBUTES.httpMethod]: method },
      },
      (run) => {
        const span = trace.getActiveSpan();
        return new Promise<void>((resolve) => {
          let finished = false;
          const finish = () => {
            if (finished) return;
            finished = true;
            const route = routeTemplateOf(request);
            const matched = route !== UNMATCHED_ROUTE;
            run.setAttributes({
              [TELEMETRY_ATTRIBUTES.httpRoute]: matched ? route : undefined,
              [TELEMETRY_ATTRIBUTES.httpStatus]: response.statusCode,
            });
            if (matched) span?.updateName(`${method} ${route}`);
            if (response.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
            resolve();
          };
          response.once('finish', finish);
          response.once('close', finish);
          next();
        });
      },
    );
  }
}
