import { compareLogPositions, type LogPosition } from '@cqrs-ddd/core';
import { ProcessorStateError } from '../errors/processor-state.error.js';
import { partitionOfStream } from '../processor/stream-partition.js';
import { earliestPosition, latestPosition, scanLog, tenantOfEvent } from './tenant-log.scan.js';
import type { TargetProjection, TargetProjections } from './target-projections.js';

/** The active generation of a projection as a one-tenant rebuild froze it. */
export interface FrozenGeneration {
  readonly generation: number;
  /** Its processor (checkpoints, parked events). */
  readonly processorName: string;
  /** Live checkpoint of each partition when the gate closed. */
  readonly checkpoints: readonly (LogPosition | null)[];
}

/**
 * Checks, at the end of a one-tenant rebuild, that no one else applied an event of the tenant
 * meanwhile: the generation is the same, this instance still holds every partition lease, and
 * every checkpoint that moved (this instance moves one, gate closed, only over stretches without
 * events of its partition) moved over no event of the tenant.
 * @throws ProcessorStateError otherwise (the rebuild's unit of work then rolls back)
 */
export async function assertNotAppliedElsewhere(
  group: TargetProjections,
  { runtime }: TargetProjection,
  frozen: FrozenGeneration,
  { tenantId, batchSize }: { tenantId: string; batchSize: number },
): Promise<void> {
  const status = await runtime.status();
  const partitions = status.active?.partitions ?? [];
  const abandoned = (reason: string) =>
    new ProcessorStateError(
      frozen.processorName,
      `The rebuild of tenant "${tenantId}" of projection "${runtime.name}" was abandoned: ` +
        `${reason} meanwhile. Run it again.`,
    );
  if (
    status.state.activeGeneration !== frozen.generation ||
    partitions.length !== frozen.checkpoints.length
  ) {
    throw abandoned('the projection switched to another generation');
  }
  if (!partitions.every((partition) => partition.leaseHeld)) {
    throw abandoned('this instance lost a partition lease');
  }
  const now: (LogPosition | null)[] = [];
  for (const { partition, checkpoint } of partitions) now[partition] = checkpoint;
  const moved = now.flatMap((checkpoint, partition) =>
    compareLogPositions(checkpoint, frozen.checkpoints[partition]) === 0 ? [] : [partition],
  );
  const until = latestPosition(moved.map((partition) => now[partition]));
  if (until === null) return;
  const after = earliestPosition(moved.map((partition) => frozen.checkpoints[partition]));
  let foreign = false;
  const { defaultTenantId, readTypes: types } = runtime.metadata;
  await scanLog(group.eventStore, { after, until, types, batchSize }, (events) => {
    foreign ||= events.some((event) => {
      const partition = partitionOfStream(event.streamId, now.length);
      return (
        compareLogPositions(event.position, frozen.checkpoints[partition]) > 0 &&
        compareLogPositions(event.position, now[partition]) <= 0 &&
        tenantOfEvent(event, group.upcasting, defaultTenantId) === tenantId
      );
    });
  });
  if (foreign) throw abandoned('another instance applied events of the tenant');
}
