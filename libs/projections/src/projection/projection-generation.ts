import { compareLogPositions } from '@cqrs-ddd/core';
import type { ProcessorStatus } from '../processor/processor-status.js';

/**
 * Physical collection of one generation of a projection's read model: `<collection>_g<generation>`
 * (e.g. `order_summary_g2`).
 */
export function generationCollectionName(collection: string, generation: number): string {
  return `${collection}_g${generation}`;
}

/**
 * Processor (and checkpoint) name of one generation of a projection:
 * `projection:<name>:g<generation>` (e.g. `projection:order-summary:g2`).
 */
export function generationProcessorName(name: string, generation: number): string {
  return `projection:${name}:g${generation}`;
}

/**
 * Whether a generation being built may replace the active one: every partition of the build has
 * caught up with the log, or (same partition layout) is at or after the active generation's
 * checkpoint of that partition — so the switch never serves older data than before, even while
 * appends keep the log head moving.
 */
export function buildHasCaughtUp(building: ProcessorStatus, active?: ProcessorStatus): boolean {
  if (building.partitions.every((partition) => partition.eventsBehind === 0)) return true;
  if (!active || active.partitions.length !== building.partitions.length) return false;
  return building.partitions.every(
    (partition, index) =>
      compareLogPositions(partition.checkpoint, active.partitions[index].checkpoint) >= 0,
  );
}
