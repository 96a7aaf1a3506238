import type { Server, ServerResponse } from 'node:http';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { type RoutedRequest, routeTemplateOf } from '../tracing/http-route.js';
import type { SuiteMetrics } from './suite-metrics.js';

/**
 * Counts and times every HTTP request of the app's server in `http_requests_total` and
 * `http_request_duration_seconds`, by method, route template (`/orders/:id`, never the raw URL)
 * and status. It listens on the HTTP server itself, ahead of the framework, so requests that
 * never reach a route count too: bodies the parser refused (400) and unknown paths (route
 * `unmatched`). Without an HTTP server (application contexts: CLI, workers) it does nothing.
 */
export class HttpMetricsRecorder implements OnModuleInit, OnModuleDestroy {
  private server: Server | undefined;
  private readonly onRequest = (request: RoutedRequest, response: ServerResponse) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const labels = {
        method: request.method ?? 'UNKNOWN',
        route: routeTemplateOf(request),
        status: String(response.statusCode),
      };
      this.metrics.httpRequests.inc(labels);
      this.metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
  };

  constructor(
    private readonly metrics: SuiteMetrics,
    private readonly adapterHost: HttpAdapterHost | undefined,
  ) {}

  /** Starts listening on the app's HTTP server. */
  onModuleInit(): void {
    this.server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    this.server?.on('request', this.onRequest);
  }

  /** Stops listening. */
  onModuleDestroy(): void {
    this.server?.off('request', this.onRequest);
    this.server = undefined;
  }
}
