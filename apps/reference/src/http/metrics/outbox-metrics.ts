import { type OutboxPublisherStatus, OutboxService } from '@cqrs-ddd/outbox';
import { Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import { ApiMetrics } from './api-metrics.js';

type Figure = (status: OutboxPublisherStatus) => number;

/**
 * Outbox figures in the app's metrics registry, read from `OutboxService.status()` at each
 * scrape (when messaging is on), labelled by `publisher` and storage `target` (`shared`, or the
 * schema or database of a tenant with storage of its own: as many values as such tenants, never
 * one per shared tenant, so series = publishers x (1 + dedicated targets)):
 * - `outbox_published_messages_total` / `outbox_failed_publishes_total` — messages the broker
 *   confirmed and publish attempts that failed, in this instance since it started;
 * - `outbox_parked_messages` — messages parked (refused by the broker or unmappable);
 * - `outbox_events_behind` / `outbox_seconds_behind` — lag of the publisher's checkpoint.
 */
@Injectable()
export class OutboxMetrics {
  constructor(metrics: ApiMetrics, @Optional() outbox?: OutboxService) {
    if (!outbox) return;
    const { registry } = metrics;
    const statuses = () => outbox.status();
    const define = (kind: 'counter' | 'gauge', name: string, help: string, figure: Figure) =>
      publisherMetric(registry, statuses, { kind, name, help, figure });
    define(
      'counter',
      'outbox_published_messages_total',
      'Messages confirmed by the broker.',
      (s) => s.published,
    );
    define(
      'counter',
      'outbox_failed_publishes_total',
      'Publish attempts that failed.',
      (s) => s.failed,
    );
    define(
      'gauge',
      'outbox_parked_messages',
      'Messages parked, waiting for retry or skip.',
      (s) => s.parked,
    );
    define(
      'gauge',
      'outbox_events_behind',
      'Events after the publisher checkpoint (upper bound).',
      (s) => s.eventsBehind,
    );
    define(
      'gauge',
      'outbox_seconds_behind',
      'Age of the oldest unpublished event.',
      (s) => s.secondsBehind,
    );
  }
}

/** One metric of every publisher on every storage target, set from the statuses at each scrape. */
function publisherMetric(
  registry: Registry,
  statuses: () => Promise<OutboxPublisherStatus[]>,
  {
    kind,
    name,
    help,
    figure,
  }: { kind: 'counter' | 'gauge'; name: string; help: string; figure: Figure },
): void {
  const collect = async function (
    this: Counter<'publisher' | 'target'> | Gauge<'publisher' | 'target'>,
  ) {
    this.reset();
    for (const status of await statuses()) {
      this.inc({ publisher: status.name, target: status.target }, figure(status));
    }
  };
  const configuration = {
    name,
    help,
    labelNames: ['publisher', 'target'] as const,
    registers: [registry],
    collect,
  };
  if (kind === 'counter') new Counter(configuration);
  else new Gauge(configuration);
}
