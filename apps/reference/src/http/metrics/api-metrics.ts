import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Latency buckets (seconds) shared by the HTTP and message histograms: 1 ms to 10 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The app's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * that several app instances in one process (tests, benchmarks) never collide:
 * - `http_requests_total` / `http_request_duration_seconds` by method, route template, status;
 * - `cqrs_messages_total` / `cqrs_message_duration_seconds` by kind (command, query), message
 *   type and outcome (success, error);
 * - `cqrs_message_errors_total` by kind, message type and stable error code;
 * - Node's default process metrics.
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly messages = new Counter({
    name: 'cqrs_messages_total',
    help: 'Commands and queries executed, by kind, type and outcome.',
    labelNames: ['kind', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly messageDuration = new Histogram({
    name: 'cqrs_message_duration_seconds',
    help: 'Time to execute commands and queries (whole pipeline), by kind, type and outcome.',
    labelNames: ['kind', 'type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly messageErrors = new Counter({
    name: 'cqrs_message_errors_total',
    help: 'Commands and queries that failed, by kind, type and error code.',
    labelNames: ['kind', 'type', 'code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
