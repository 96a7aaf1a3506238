import { describe, expect, it, jest } from '@jest/globals';
import type { OutboxPublisherStatus, OutboxService } from '@cqrs-ddd/outbox';
import type {
  PartitionState,
  PartitionStatus,
  ProjectionTargetStatus,
  ProjectionsService,
} from '@cqrs-ddd/projections';
import { MetricsRegistry } from './metrics-registry.js';
import { StatusMetrics } from './status-metrics.js';

function partition(index: number, state: PartitionState, behind = 0): PartitionStatus {
  return {
    partition: index,
    state,
    leaseHeld: state === 'running',
    checkpoint: null,
    eventsBehind: behind,
    secondsBehind: behind / 10,
  };
}

function projection(
  name: string,
  partitions: PartitionStatus[] | undefined,
  { parked = 0, suspended = false } = {},
): ProjectionTargetStatus['projections'][number] {
  return {
    name,
    version: 1,
    state: {} as never,
    activeCollection: name,
    active: partitions && { name: `${name}:g1`, partitions, parked, suspended },
  };
}

const TARGETS: ProjectionTargetStatus[] = [
  {
    target: 'shared',
    projections: [
      projection('order-summary', [partition(0, 'running', 5), partition(1, 'standby')], {
        parked: 2,
      }),
      projection('customer-stats', [partition(0, 'suspended')], { suspended: true }),
      projection('stopped-one', undefined),
    ],
  },
  {
    target: 'schema:tenant_acme',
    tenantId: 'acme',
    projections: [projection('order-summary', [partition(0, 'stopped', 7)])],
  },
];

const PUBLISHERS: OutboxPublisherStatus[] = [
  {
    name: 'orders',
    target: 'shared',
    processorName: 'outbox:orders',
    active: true,
    published: 12,
    failed: 1,
    parked: 3,
    eventsBehind: 4,
    secondsBehind: 0.5,
    partitions: [partition(0, 'running', 4)],
  } as OutboxPublisherStatus,
];

function scrape(
  projections?: Partial<ProjectionsService>,
  outbox?: Partial<OutboxService>,
): Promise<string> {
  const metrics = new MetricsRegistry();
  new StatusMetrics(
    metrics,
    { path: 'metrics', prefix: '', tenantLabel: 'never', defaultMetrics: false },
    projections as ProjectionsService | undefined,
    outbox as OutboxService | undefined,
  );
  return metrics.registry.metrics();
}

describe('StatusMetrics', () => {
  it('reads projection lag, parked events and running processors once per scrape', async () => {
    const statusByTarget = jest.fn(async () => TARGETS);
    const text = await scrape({ statusByTarget });

    expect(statusByTarget).toHaveBeenCalledTimes(1);
    expect(text).toContain(
      'projection_events_behind{target="shared",projection="order-summary",partition="0"} 5',
    );
    expect(text).toContain(
      'projection_seconds_behind{target="shared",projection="order-summary",partition="0"} 0.5',
    );
    expect(text).toContain(
      'projection_events_behind{target="schema:tenant_acme",projection="order-summary",partition="0"} 7',
    );
    expect(text).toContain(
      'projection_parked_events{target="shared",projection="order-summary"} 2',
    );
    expect(text).toContain('cqrs_processor_running{target="shared",processor="order-summary"} 1');
    expect(text).toContain('cqrs_processor_running{target="shared",processor="customer-stats"} 0');
    expect(text).toContain('cqrs_processor_running{target="shared",processor="stopped-one"} 0');
    expect(text).toContain(
      'cqrs_processor_running{target="schema:tenant_acme",processor="order-summary"} 0',
    );
    expect(text).not.toContain('outbox_');
  });

  it('reads the outbox publishers', async () => {
    const status = jest.fn(async () => PUBLISHERS);
    const text = await scrape(undefined, { status });

    expect(status).toHaveBeenCalledTimes(1);
    expect(text).toContain(
      'outbox_published_messages_total{publisher="orders",target="shared"} 12',
    );
    expect(text).toContain('outbox_failed_publishes_total{publisher="orders",target="shared"} 1');
    expect(text).toContain('outbox_parked_messages{publisher="orders",target="shared"} 3');
    expect(text).toContain('outbox_events_behind{publisher="orders",target="shared"} 4');
    expect(text).toContain('outbox_seconds_behind{publisher="orders",target="shared"} 0.5');
    expect(text).toContain('cqrs_processor_running{target="shared",processor="outbox:orders"} 1');
    expect(text).not.toContain('projection_');
  });

  it('still answers, without those series, when a status cannot be read', async () => {
    const text = await scrape({ statusByTarget: () => Promise.reject(new Error('db down')) });
    expect(text).toContain('# TYPE projection_events_behind gauge');
    expect(text).not.toMatch(/^projection_events_behind\{/m);
  });

  it('registers nothing without projections nor outbox', async () => {
    expect(await scrape()).toBe('\n');
  });
});
