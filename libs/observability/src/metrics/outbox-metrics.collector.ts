import type { OutboxPublisherStatus } from '@cqrs-ddd/outbox';
import { Counter, Gauge, type Registry } from 'prom-client';

type Statuses = () => Promise<OutboxPublisherStatus[]>;
type Figure = (status: OutboxPublisherStatus) => number;

/**
 * Outbox figures read from `OutboxService.status()` at each scrape, by `publisher` and storage
 * `target` (`shared`, or the schema or database of a tenant with storage of its own):
 * - `outbox_published_messages_total` / `outbox_failed_publishes_total` — messages the broker
 *   confirmed and publish attempts that failed, in this instance since it started;
 * - `outbox_parked_messages` — messages parked (refused by the broker or unmappable);
 * - `outbox_events_behind` / `outbox_seconds_behind` — lag of the publisher's checkpoint.
 */
export function registerOutboxMetrics(
  registry: Registry,
  prefix: string,
  statuses: Statuses,
): void {
  const define = (kind: 'counter' | 'gauge', name: string, help: string, figure: Figure) =>
    publisherMetric(registry, statuses, { kind, name: prefix + name, help, figure });
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

/** One metric of every publisher on every storage target, set from the statuses at each scrape. */
function publisherMetric(
  registry: Registry,
  statuses: Statuses,
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
    const list = await statuses();
    this.reset();
    for (const status of list)
      this.inc({ publisher: status.name, target: status.target }, figure(status));
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
