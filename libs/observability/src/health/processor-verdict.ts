import { formatLogPosition } from '@cqrs-ddd/core';
import type { PartitionState, PartitionStatus } from '@cqrs-ddd/projections';
import type { ProcessorThresholds } from './health.options.js';
import type { HealthVerdict } from './health-verdict.js';

/**
 * States in which a partition is not processing and will not by itself: not started or stopped
 * (`idle`), or stopped by a parked event under `park-and-stop` (`stopped`). A paused processor
 * (an operator's decision) only turns unhealthy once its lag passes the thresholds.
 */
const HALTED = new Set<PartitionState>(['idle', 'stopped']);

/**
 * Judges a processor by its partitions as this instance sees them: unhealthy when it has no
 * partition (not started), when one is halted, or when its lag passes `thresholds`. Details:
 * `status`, `states`, `checkpoints`, `eventsBehind`, `secondsBehind`, the `reason` when
 * unhealthy and the last error of a retrying partition.
 */
export function processorVerdict(
  partitions: readonly PartitionStatus[],
  thresholds: ProcessorThresholds,
): HealthVerdict {
  const eventsBehind = Math.max(0, ...partitions.map((p) => p.eventsBehind));
  const secondsBehind = Math.max(0, ...partitions.map((p) => p.secondsBehind));
  const reason = unhealthyReason(partitions, eventsBehind, secondsBehind, thresholds);
  const lastError = partitions.find((p) => p.lastError !== undefined)?.lastError;
  return {
    healthy: reason === undefined,
    details: {
      status: reason === undefined ? 'up' : 'down',
      states: partitions.map((p) => p.state),
      checkpoints: partitions.map((p) => (p.checkpoint ? formatLogPosition(p.checkpoint) : null)),
      eventsBehind,
      secondsBehind,
      ...(reason === undefined ? {} : { reason }),
      ...(lastError === undefined ? {} : { lastError }),
    },
  };
}

function unhealthyReason(
  partitions: readonly PartitionStatus[],
  eventsBehind: number,
  secondsBehind: number,
  { maxEventsBehind, maxSecondsBehind }: ProcessorThresholds,
): string | undefined {
  if (partitions.length === 0) return 'not running';
  const halted = partitions.filter((p) => HALTED.has(p.state));
  if (halted.length > 0) return `partitions ${halted.map((p) => p.partition).join(', ')} halted`;
  if (eventsBehind > maxEventsBehind) {
    return `${eventsBehind} events behind (more than ${maxEventsBehind})`;
  }
  if (secondsBehind > maxSecondsBehind) {
    return `${secondsBehind} s behind (more than ${maxSecondsBehind} s)`;
  }
  return undefined;
}
