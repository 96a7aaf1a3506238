import { ProjectionsService } from '@cqrs-ddd/projections';
import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { ApiMetrics } from './api-metrics.js';

/**
 * Projection lag in the app's metrics registry, read from `ProjectionsService.status()` at each
 * scrape, by projection and partition (this instance's view; a partition another instance
 * holds reports its stored checkpoint):
 * - `projection_events_behind` — events of the log after the checkpoint (upper bound);
 * - `projection_seconds_behind` — age of the oldest unprocessed event;
 * - `projection_parked_events` — events parked (dead-lettered) by the projection's processors.
 */
@Injectable()
export class ProjectionMetrics {
  constructor(metrics: ApiMetrics, projections: ProjectionsService) {
    const labelNames = ['projection', 'partition'] as const;
    const statuses = () => projections.status();
    new Gauge({
      name: 'projection_events_behind',
      help: 'Events of the log after the projection checkpoint (upper bound), by partition.',
      labelNames,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const { name, active } of await statuses()) {
          for (const p of active?.partitions ?? []) {
            this.set({ projection: name, partition: String(p.partition) }, p.eventsBehind);
          }
        }
      },
    });
    new Gauge({
      name: 'projection_seconds_behind',
      help: 'Age of the oldest event the projection has not processed yet, by partition.',
      labelNames,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const { name, active } of await statuses()) {
          for (const p of active?.partitions ?? []) {
            this.set({ projection: name, partition: String(p.partition) }, p.secondsBehind);
          }
        }
      },
    });
    new Gauge({
      name: 'projection_parked_events',
      help: 'Events parked (dead-lettered) by the projection processors.',
      labelNames: ['projection'] as const,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const { name, active } of await statuses()) {
          if (active) this.set({ projection: name }, active.parked);
        }
      },
    });
  }
}
