import {
  type InstrumentationResult,
  type InstrumentationScope,
  TELEMETRY_ATTRIBUTES,
  type TelemetryAttributes,
  type TelemetryObserver,
  addTelemetryObserver,
} from '@cqrs-ddd/core';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { LabelValues } from 'prom-client';
import type { SuiteMetrics } from './suite-metrics.js';

/** Label value when an operation did not report the attribute. */
const UNKNOWN = 'unknown';

/**
 * Turns the suite's instrumented operations into Prometheus series (see {@link SuiteMetrics}):
 * - `command` / `query` → `cqrs_messages_total`, `cqrs_message_duration_seconds`,
 *   `cqrs_message_errors_total{code}` (the stable error code, else `UNKNOWN`);
 * - `event.append` → `cqrs_events_appended_total` (+ the event count, on success) and
 *   `cqrs_event_append_duration_seconds`;
 * - `processor.event` → `cqrs_processor_events_total`; `processor.batch` →
 *   `cqrs_processor_batch_duration_seconds`;
 * - `outbox.publish` → `cqrs_outbox_publish_duration_seconds`; `message.consume` →
 *   `cqrs_messages_consumed_total`;
 * - `lock.wait` → `cqrs_lock_wait_seconds` (the lock resource is never a label: unbounded).
 * HTTP requests are counted at the HTTP server instead (`HttpMetricsRecorder`), so that
 * requests no route reached count too.
 *
 * Added as an observer when the module initialises and removed when it is destroyed. Observers
 * are process-wide: with two apps in one process, each app's series count the operations of
 * both.
 */
export class TelemetryMetricsObserver implements TelemetryObserver, OnModuleInit, OnModuleDestroy {
  private remove: (() => void) | undefined;

  constructor(private readonly metrics: SuiteMetrics) {}

  /** Starts observing. */
  onModuleInit(): void {
    this.remove ??= addTelemetryObserver(this);
  }

  /** Stops observing. */
  onModuleDestroy(): void {
    this.remove?.();
    this.remove = undefined;
  }

  /** Records one operation in its series. */
  observe(scope: InstrumentationScope, result: InstrumentationResult): void {
    const { metrics } = this;
    const { attributes, outcome, durationSeconds } = result;
    const text = (name: keyof typeof TELEMETRY_ATTRIBUTES) => stringOf(attributes, name);
    switch (scope.operation) {
      case 'command':
      case 'query': {
        const kind = text('messageKind') ?? scope.operation;
        const type = text('messageType') ?? UNKNOWN;
        const labels = this.withTenant(attributes, { kind, type, outcome });
        metrics.messages.inc(labels);
        metrics.messageDuration.observe(labels, durationSeconds);
        if (outcome === 'error') {
          const code = text('errorCode') ?? 'UNKNOWN';
          metrics.messageErrors.inc(this.withTenant(attributes, { kind, type, code }));
        }
        return;
      }
      case 'event.append': {
        const count = Number(attributes[TELEMETRY_ATTRIBUTES.eventCount] ?? 0);
        if (outcome === 'success' && count > 0) {
          metrics.eventsAppended.inc(this.withTenant(attributes, {}), count);
        }
        metrics.appendDuration.observe(this.withTenant(attributes, { outcome }), durationSeconds);
        return;
      }
      case 'processor.event':
        metrics.processorEvents.inc({ processor: text('processor') ?? UNKNOWN, outcome });
        return;
      case 'processor.batch':
        metrics.processorBatchDuration.observe(
          { processor: text('processor') ?? UNKNOWN },
          durationSeconds,
        );
        return;
      case 'outbox.publish':
        metrics.outboxPublishDuration.observe(
          { destination: text('destination') ?? UNKNOWN, outcome },
          durationSeconds,
        );
        return;
      case 'message.consume':
        metrics.messagesConsumed.inc({ destination: text('destination') ?? UNKNOWN, outcome });
        return;
      case 'lock.wait':
        metrics.lockWait.observe({ outcome }, durationSeconds);
        return;
      default:
        return;
    }
  }

  private withTenant(attributes: TelemetryAttributes, labels: LabelValues<string>) {
    const label = this.metrics.tenantLabel;
    if (!label) return labels;
    return { ...labels, tenant: label(stringOf(attributes, 'tenant')) };
  }
}

function stringOf(
  attributes: TelemetryAttributes,
  name: keyof typeof TELEMETRY_ATTRIBUTES,
): string | undefined {
  const value = attributes[TELEMETRY_ATTRIBUTES[name]];
  return value === undefined || value === '' ? undefined : String(value);
}
