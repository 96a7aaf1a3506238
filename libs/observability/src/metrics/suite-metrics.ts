import { Counter, Histogram, type Registry } from 'prom-client';
import type { MetricsSettings } from '../module/observability.settings.js';
import { type TenantLabeler, tenantLabeler } from './tenant-label.js';

/** Latency buckets (seconds) of the suite's histograms: 1 ms to 30 s. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/**
 * The suite's series fed by measurements (instrumented operations and HTTP requests), in one
 * registry. `tenant` is a label of the command/query and append series only when
 * `tenantLabel` is not `never` (see {@link tenantLabeler}).
 */
export class SuiteMetrics {
  /** The `tenant` label value of a tenant id; `undefined` when there is no tenant label. */
  readonly tenantLabel: TenantLabeler | undefined;
  readonly httpRequests: Counter;
  readonly httpDuration: Histogram;
  readonly messages: Counter;
  readonly messageDuration: Histogram;
  readonly messageErrors: Counter;
  readonly eventsAppended: Counter;
  readonly appendDuration: Histogram;
  readonly processorEvents: Counter;
  readonly processorBatchDuration: Histogram;
  readonly outboxPublishDuration: Histogram;
  readonly messagesConsumed: Counter;
  readonly lockWait: Histogram;

  constructor(registry: Registry, settings: Pick<MetricsSettings, 'prefix' | 'tenantLabel'>) {
    this.tenantLabel = tenantLabeler(settings.tenantLabel);
    const tenant = this.tenantLabel ? ['tenant'] : [];
    const counter = (name: string, help: string, labelNames: string[]) =>
      new Counter({ name: settings.prefix + name, help, labelNames, registers: [registry] });
    const histogram = (name: string, help: string, labelNames: string[]) =>
      new Histogram({
        name: settings.prefix + name,
        help,
        labelNames,
        buckets: LATENCY_BUCKETS,
        registers: [registry],
      });
    const http = ['method', 'route', 'status'];
    this.httpRequests = counter(
      'http_requests_total',
      'HTTP requests answered, by method, route template and status.',
      http,
    );
    this.httpDuration = histogram(
      'http_request_duration_seconds',
      'Time to answer HTTP requests, by method, route template and status.',
      http,
    );
    const message = ['kind', 'type', 'outcome', ...tenant];
    this.messages = counter(
      'cqrs_messages_total',
      'Commands and queries executed, by kind, type and outcome.',
      message,
    );
    this.messageDuration = histogram(
      'cqrs_message_duration_seconds',
      'Time to execute commands and queries (whole pipeline), by kind, type and outcome.',
      message,
    );
    this.messageErrors = counter(
      'cqrs_message_errors_total',
      'Commands and queries that failed, by kind, type and stable error code.',
      ['kind', 'type', 'code', ...tenant],
    );
    this.eventsAppended = counter(
      'cqrs_events_appended_total',
      'Events appended to the log.',
      tenant,
    );
    this.appendDuration = histogram(
      'cqrs_event_append_duration_seconds',
      'Time to append events to the log, by outcome.',
      ['outcome', ...tenant],
    );
    this.processorEvents = counter(
      'cqrs_processor_events_total',
      'Events handled by processors (projections, sagas), by outcome.',
      ['processor', 'outcome'],
    );
    this.processorBatchDuration = histogram(
      'cqrs_processor_batch_duration_seconds',
      'Time processors take per batch of events.',
      ['processor'],
    );
    this.outboxPublishDuration = histogram(
      'cqrs_outbox_publish_duration_seconds',
      'Time to publish an outbox message to its broker, by destination and outcome.',
      ['destination', 'outcome'],
    );
    this.messagesConsumed = counter(
      'cqrs_messages_consumed_total',
      'Broker messages consumed, by destination and outcome.',
      ['destination', 'outcome'],
    );
    this.lockWait = histogram(
      'cqrs_lock_wait_seconds',
      'Time to acquire distributed locks (waiting included), by outcome.',
      ['outcome'],
    );
  }
}
