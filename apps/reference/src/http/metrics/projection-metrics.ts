import {
  type PartitionStatus,
  type ProjectionRuntimeStatus,
  ProjectionsService,
} from '@cqrs-ddd/projections';
import { Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { ApiMetrics } from './api-metrics.js';

type Statuses = () => Promise<ProjectionRuntimeStatus[]>;

/**
 * Projection lag in the app's metrics registry, read from `ProjectionsService.status()` at each
 * scrape (this instance's view; a partition another instance holds reports its stored
 * checkpoint):
 * - `projection_events_behind{projection,partition}` — events of the log after the checkpoint
 *   (upper bound);
 * - `projection_seconds_behind{projection,partition}` — age of the oldest unprocessed event;
 * - `projection_parked_events{projection}` — events parked (dead-lettered) by its processors.
 */
@Injectable()
export class ProjectionMetrics {
  constructor(metrics: ApiMetrics, projections: ProjectionsService) {
    const statuses = () => projections.status();
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
      labelNames: ['projection'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const { name, active } of await statuses()) {
          if (active) this.set({ projection: name }, active.parked);
        }
      },
    });
  }
}

/** A gauge of one figure of every active partition of every projection. */
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
    labelNames: ['projection', 'partition'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { name: projection, active } of await statuses()) {
        for (const partition of active?.partitions ?? []) {
          this.set({ projection, partition: String(partition.partition) }, figure(partition));
        }
      }
    },
  });
}
