import type { PartitionStatus, ProjectionTargetStatus } from '@cqrs-ddd/projections';
import { Gauge, type Registry } from 'prom-client';

type Statuses = () => Promise<ProjectionTargetStatus[]>;

/**
 * Projection figures read from `ProjectionsService.statusByTarget()` at each scrape (this
 * instance's view; a partition another instance holds reports its stored checkpoint). `target`
 * is the storage target: `shared`, or the schema or database of a tenant with storage of its
 * own (as many values as such tenants, never one per shared tenant):
 * - `projection_events_behind{target,projection,partition}` — events of the log after the
 *   checkpoint (upper bound);
 * - `projection_seconds_behind{target,projection,partition}` — age of the oldest unprocessed
 *   event;
 * - `projection_parked_events{target,projection}` — events parked (dead-lettered).
 */
export function registerProjectionMetrics(
  registry: Registry,
  prefix: string,
  statuses: Statuses,
): void {
  partitionGauge(registry, statuses, {
    name: `${prefix}projection_events_behind`,
    help: 'Events of the log after the projection checkpoint (upper bound), by partition.',
    figure: (partition) => partition.eventsBehind,
  });
  partitionGauge(registry, statuses, {
    name: `${prefix}projection_seconds_behind`,
    help: 'Age of the oldest event the projection has not processed yet, by partition.',
    figure: (partition) => partition.secondsBehind,
  });
  new Gauge({
    name: `${prefix}projection_parked_events`,
    help: 'Events parked (dead-lettered) by the projection processors.',
    labelNames: ['target', 'projection'] as const,
    registers: [registry],
    async collect() {
      const list = await statuses();
      this.reset();
      for (const { target, projections } of list) {
        for (const { name, active } of projections) {
          if (active) this.set({ target, projection: name }, active.parked);
        }
      }
    },
  });
}

/** A gauge of one figure of every active partition of every projection on every target. */
function partitionGauge(
  registry: Registry,
  statuses: Statuses,
  {
    name,
    help,
    figure,
  }: { name: string; help: string; figure: (partition: PartitionStatus) => number },
): void {
  new Gauge({
    name,
    help,
    labelNames: ['target', 'projection', 'partition'] as const,
    registers: [registry],
    async collect() {
      const list = await statuses();
      this.reset();
      for (const { target, projections } of list) {
        for (const { name: projection, active } of projections) {
          for (const partition of active?.partitions ?? []) {
            this.set(
              { target, projection, partition: String(partition.partition) },
              figure(partition),
            );
          }
        }
      }
    },
  });
}
