import type { OutboxService } from '@cqrs-ddd/outbox';
import type { ProjectionsService } from '@cqrs-ddd/projections';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { ProcessorThresholds } from './health.options.js';
import { type HealthVerdict, reportVerdict } from './health-verdict.js';
import { processorVerdict } from './processor-verdict.js';

/**
 * Health of the checkpointed processors this instance runs (see `processorVerdict`): the
 * projections of every storage target, and the outbox publishers. Details are keyed by
 * projection or publisher name on the shared target, and by `<name>@<target>` on a tenant's
 * own schema or database.
 */
export class ProcessorsHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly thresholds: ProcessorThresholds,
    private readonly timeoutMs: number,
  ) {}

  /** Every projection's active generation, on every storage target. */
  projections<const Key extends string>(
    key: Key,
    projections: ProjectionsService,
  ): Promise<HealthIndicatorResult<Key>> {
    return reportVerdict(this.indicators, key, this.timeoutMs, async () => {
      const entries: [string, HealthVerdict][] = [];
      for (const { target, tenantId, projections: list } of await projections.statusByTarget()) {
        for (const { name, active } of list) {
          const verdict = processorVerdict(active?.partitions ?? [], this.thresholds);
          entries.push([tenantId === undefined ? name : `${name}@${target}`, verdict]);
        }
      }
      return combine(entries);
    });
  }

  /** Every outbox publisher, on every storage target (with its parked count). */
  outbox<const Key extends string>(
    key: Key,
    outbox: OutboxService,
  ): Promise<HealthIndicatorResult<Key>> {
    return reportVerdict(this.indicators, key, this.timeoutMs, async () =>
      combine(
        (await outbox.status()).map(({ name, target, tenantId, partitions, parked }) => {
          const { healthy, details } = processorVerdict(partitions, this.thresholds);
          const keyOf = tenantId === undefined ? name : `${name}@${target}`;
          return [keyOf, { healthy, details: { ...details, parked } }];
        }),
      ),
    );
  }
}

/** Healthy when every entry is; details keyed by entry. */
function combine(entries: readonly (readonly [string, HealthVerdict])[]): HealthVerdict {
  return {
    healthy: entries.every(([, verdict]) => verdict.healthy),
    details: Object.fromEntries(entries.map(([name, verdict]) => [name, verdict.details])),
  };
}
