import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiMetrics } from './api-metrics.js';

/** What Express adds to a request by the time its response finishes. */
interface RoutedRequest extends IncomingMessage {
  readonly route?: { readonly path?: unknown };
  readonly baseUrl?: string;
}

/**
 * Counts and times every HTTP request by method, route template (`/orders/:id`, never the raw
 * URL, so label values stay bounded) and status. It listens on the HTTP server itself, ahead of
 * Express, so requests that never reach a route — malformed JSON refused by the body parser,
 * unknown paths (route `unmatched`) — count too.
 */
@Injectable()
export class HttpMetricsRecorder implements OnModuleInit, OnModuleDestroy {
  private server: Server | undefined;
  private readonly onRequest = (request: RoutedRequest, response: ServerResponse) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const labels = {
        method: request.method ?? 'UNKNOWN',
        route: routeOf(request),
        status: String(response.statusCode),
      };
      this.metrics.httpRequests.inc(labels);
      this.metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
  };

  constructor(
    private readonly metrics: ApiMetrics,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    this.server?.on('request', this.onRequest);
  }

  onModuleDestroy(): void {
    this.server?.off('request', this.onRequest);
  }
}

function routeOf(request: RoutedRequest): string {
  const path = request.route?.path;
  // Mounted handlers (GraphQL, static docs assets) match a catch-all `/{*all}` below their
  // mount path (in baseUrl): count them under the mount path.
  if (typeof path === 'string') {
    return `${request.baseUrl ?? ''}${path.replace(/\/\{\*\w+\}$/, '')}` || '/';
  }
  return request.baseUrl || 'unmatched';
}
