import type { OutboxPublisherStatus } from '@cqrs-ddd/outbox';
import type {
  PartitionState,
  PartitionStatus,
  ProjectionTargetStatus,
} from '@cqrs-ddd/projections';
import { Gauge, type Registry } from 'prom-client';

/** Partition states of a processor that works (or waits for another instance's lease). */
const RUNNING_STATES: ReadonlySet<PartitionState> = new Set(['running', 'standby', 'retrying']);

/** Where the processors' statuses come from; each source is optional. */
export interface ProcessorStatusSources {
  readonly projections?: () => Promise<ProjectionTargetStatus[]>;
  readonly outbox?: () => Promise<OutboxPublisherStatus[]>;
}

/**
 * `cqrs_processor_running{target,processor}` at each scrape: `1` while this instance runs the
 * processor — every partition running, retrying or on standby behind another instance's lease
 * — and `0` when it is stopped, paused, suspended or not started. Processors are the
 * projections (labelled by projection name) and the outbox publishers (`outbox:<name>`), on
 * every storage target.
 */
export function registerProcessorRunning(
  registry: Registry,
  prefix: string,
  sources: ProcessorStatusSources,
): void {
  new Gauge({
    name: `${prefix}cqrs_processor_running`,
    help: 'Whether this instance runs the processor (1) or it is stopped, paused or suspended (0).',
    labelNames: ['target', 'processor'] as const,
    registers: [registry],
    async collect() {
      const [projections, outbox] = await Promise.all([
        sources.projections?.() ?? [],
        sources.outbox?.() ?? [],
      ]);
      this.reset();
      for (const { target, projections: list } of projections) {
        for (const { name, active } of list) {
          const running = active !== undefined && !active.suspended && isRunning(active.partitions);
          this.set({ target, processor: name }, running ? 1 : 0);
        }
      }
      for (const { target, processorName, partitions } of outbox) {
        this.set({ target, processor: processorName }, isRunning(partitions) ? 1 : 0);
      }
    },
  });
}

function isRunning(partitions: readonly PartitionStatus[]): boolean {
  return partitions.length > 0 && partitions.every(({ state }) => RUNNING_STATES.has(state));
}
