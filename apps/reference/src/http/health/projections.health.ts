import { formatLogPosition } from '@cqrs-ddd/core';
import { type PartitionStatus, ProjectionsService } from '@cqrs-ddd/projections';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

/** States in which a partition is serving: processing here, or standing by for another instance. */
const SERVING = new Set<PartitionStatus['state']>(['running', 'standby', 'retrying']);

/**
 * Readiness of the projections: `up` while every projection's active generation runs (here or,
 * for partitions another instance holds, there), with its checkpoint and lag; `down` when one is
 * stopped (shutdown, `park-and-stop`) or not started. Covers every storage target this instance
 * has built: details are keyed by projection name on the shared target, and by
 * `<projection>@<target>` on a tenant's own schema or database.
 */
@Injectable()
export class ProjectionsHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly projections: ProjectionsService,
  ) {}

  /** Checks every projection of every target; the details name each one. */
  async check<const Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const details: Record<string, unknown> = {};
    let healthy = true;
    for (const { target, tenantId, projections } of await this.projections.statusByTarget()) {
      for (const { name, active } of projections) {
        const partitions = active?.partitions ?? [];
        const serving = partitions.length > 0 && partitions.every((p) => SERVING.has(p.state));
        healthy &&= serving;
        details[tenantId === undefined ? name : `${name}@${target}`] = serving
          ? {
              status: 'up',
              checkpoints: partitions.map((p) =>
                p.checkpoint ? formatLogPosition(p.checkpoint) : null,
              ),
              eventsBehind: Math.max(...partitions.map((p) => p.eventsBehind)),
              secondsBehind: Math.max(...partitions.map((p) => p.secondsBehind)),
            }
          : { status: 'down', states: partitions.map((p) => p.state) };
      }
    }
    return healthy ? indicator.up(details) : indicator.down(details);
  }
}
