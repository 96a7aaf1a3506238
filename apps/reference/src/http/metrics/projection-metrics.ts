import {
  type PartitionStatus,
  type ProjectionTargetStatus,
  ProjectionsService,
} from '@cqrs-ddd/projections';
import { Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { ApiMetrics } from './api-metrics.js';

type Statuses = () => Promise<ProjectionTargetStatus[]>;

/**
 * Projection lag in the app's metrics registry, read from `ProjectionsService.statusByTarget()`
 * at each scrape (this instance's view; a partition another instance holds reports its stored
 * checkpoint). `target` is the storage target: `shared`, or the schema or database of a tenant
 * with storage of its own (as many values as such tenants, never one per shared tenant):
 * - `projection_events_behind{target,projection,partition}` — events of the log after the
 *   checkpoint (upper bound);
 * - `projection_seconds_behind{target,projection,partition}` — age of the oldest unprocessed
 *   event;
 * - `projection_parked_events{target,projection}` — events parked (dead-lettered).
 */
@Injectable()
export class ProjectionMetrics {
  constructor(metrics: ApiMetrics, projections: ProjectionsService) {
    const statuses = () => projections.statusByTarget();
    const { registry } = metrics;
    partitionGauge(
      registry,
      statuses,
      'projection_events_behind',
      (p) => p.eventsBehind,
      'Events of the log after the projection checkpoint (upper bound), by partition.',
    );
    partitionGauge(
      registry,
      statuses,
      'projection_seconds_behind',
      (p) => p.secondsBehind,
      'Age of the oldest event the projection has not processed yet, by partition.',
    );
    new Gauge({
      name: 'projection_parked_events',
      help: 'Events parked (dead-lettered) by the projection processors.',
      labelNames: ['target', 'projection'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const { target, projections: list } of await statuses()) {
          for (const { name, active } of list) {
            if (active) this.set({ target, projection: name }, active.parked);
          }
        }
      },
    });
  }
}

/** A gauge of one figure of every active partition of every projection on every target. */
function partitionGauge(
  registry: Registry,
  statuses: Statuses,
  name: string,
  figure: (partition: PartitionStatus) => number,
  help: string,
): void {
  new Gauge({
    name,
    help,
    labelNames: ['target', 'projection', 'partition'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { target, projections } of await statuses()) {
        for (const { name: projection, active } of projections) {
          for (const partition of active?.partitions ?? []) {
            const labels = { target, projection, partition: String(partition.partition) };
            this.set(labels, figure(partition));
          }
        }
      }
    },
  });
}
