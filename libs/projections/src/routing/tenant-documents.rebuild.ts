import {
  compareLogPositions,
  type LogPosition,
  type UnitOfWork,
  ValidationError,
} from '@cqrs-ddd/core';
import { ProcessorStateError } from '../errors/processor-state.error.js';
import type { ProcessorStatus } from '../processor/processor-status.js';
import { partitionOfStream } from '../processor/stream-partition.js';
import { ProjectionBatchExecutor } from '../projection/projection-batch.executor.js';
import {
  generationCollectionName,
  generationProcessorName,
} from '../projection/projection-generation.js';
import type { ProjectionRuntimeStatus } from '../projection/projection-runtime.options.js';
import type { TargetProjection, TargetProjections } from './target-projections.js';
import { latestPosition, scanLog, tenantOfEvent } from './tenant-log.scan.js';
import { assertNotAppliedElsewhere, type FrozenGeneration } from './tenant-rebuild.guard.js';
import type { TenantRebuildOptions, TenantRebuildResult } from './tenant-rebuild.options.js';

const LEASE_POLL_MS = 25;

/**
 * Rebuilds one tenant's documents of a projection on shared tables, without touching other
 * tenants' documents or the live checkpoints:
 *
 * 1. closes the projection's gate in this instance (no batch starts; batches in progress finish
 *    and save their checkpoints), then requires this instance to hold every partition lease of
 *    the active generation (waiting up to `leaseWaitMs`): no other instance can process then;
 * 2. reads the live checkpoint C(p) of each partition — frozen while the gate is closed;
 * 3. in one unit of work (one PostgreSQL transaction with the PostgreSQL store): deletes the
 *    tenant's documents and tombstones of the active generation, and replays from the log start
 *    the tenant's events that the live processor already handled, i.e. of partition p up to
 *    C(p), except the events it parked; then checks that no one else applied an event of the
 *    tenant meanwhile (see `assertNotAppliedElsewhere`);
 * 4. reopens the gate: the live processor resumes from C(p), so each event of the tenant is
 *    applied exactly once, by the replay (up to C(p)) or by the live processor (after it).
 *
 * Meanwhile the projection's other tenants wait in this instance (not their documents: those
 * are untouched), inline applies are skipped (the processor applies them after), and readers of
 * the tenant see the old documents until the commit (PostgreSQL) or the rebuild in progress
 * (memory and MongoDB, where a failure also leaves the tenant half-rebuilt: run it again).
 * @throws ProcessorStateError when the projection does not run here, or other instances hold
 * some of its partition leases
 */
export async function rebuildTenantDocuments(
  group: TargetProjections,
  entry: TargetProjection,
  options: TenantRebuildOptions,
): Promise<TenantRebuildResult> {
  const { tenantId, leaseWaitMs = 5_000, batchSize = 500 } = options;
  if (typeof tenantId !== 'string' || tenantId === '') {
    throw ValidationError.of('tenantId', 'must be a non-empty string', 'isNotEmpty');
  }
  const { runtime, gate } = entry;
  return gate.exclusive(async () => {
    const frozen = freeze(await statusUnderLeases(entry, leaseWaitMs));
    const replayed = await inUnit(gate.inner, async () => {
      const collection = generationCollectionName(runtime.metadata.collection, frozen.generation);
      await runtime.readModels.collection(collection, { tenantId }).deleteAll();
      const applied = await replay(group, entry, frozen, { tenantId, batchSize, collection });
      await assertNotAppliedElsewhere(group, entry, frozen, { tenantId, batchSize });
      return applied;
    });
    return {
      projection: runtime.name,
      tenantId,
      target: group.key,
      mode: 'documents',
      generation: frozen.generation,
      replayed,
      checkpoints: frozen.checkpoints,
    };
  });
}

/** The runtime's status once this instance holds every lease of the active generation. */
async function statusUnderLeases(
  { runtime }: TargetProjection,
  leaseWaitMs: number,
): Promise<ProjectionRuntimeStatus> {
  const deadline = performance.now() + leaseWaitMs;
  for (;;) {
    const status = await runtime.status();
    if (status.active && status.active.partitions.every((partition) => partition.leaseHeld)) {
      return status;
    }
    if (performance.now() >= deadline) {
      const name = generationProcessorName(runtime.name, status.state.activeGeneration);
      const held = status.active?.partitions.filter((partition) => partition.leaseHeld).length;
      throw new ProcessorStateError(
        name,
        `Cannot rebuild a tenant of projection "${runtime.name}" here: this instance holds ` +
          `${held ?? 0} of ${status.active?.partitions.length ?? '?'} partition leases of ` +
          `"${name}" (the rebuild runs under all of them, so that no other instance applies ` +
          'events meanwhile). Run it on the instance processing the projection, or retry.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
  }
}

function freeze(status: ProjectionRuntimeStatus): FrozenGeneration {
  const generation = status.state.activeGeneration;
  const active = status.active as ProcessorStatus;
  const checkpoints: (LogPosition | null)[] = [];
  for (const { partition, checkpoint } of active.partitions) checkpoints[partition] = checkpoint;
  return { generation, processorName: active.name, checkpoints };
}

/** Applies the tenant's handled events again; resolves how many. */
async function replay(
  group: TargetProjections,
  { projection, runtime }: TargetProjection,
  frozen: FrozenGeneration,
  { tenantId, batchSize, collection }: { tenantId: string; batchSize: number; collection: string },
): Promise<number> {
  const until = latestPosition(frozen.checkpoints);
  if (until === null) return 0;
  const parked = await parkedEventIds(group, frozen.processorName);
  const { metadata } = runtime;
  const executor = new ProjectionBatchExecutor(projection, {
    processorName: frozen.processorName,
    collection,
    store: runtime.readModels,
    upcasting: group.upcasting,
    metadata,
  });
  const partitions = frozen.checkpoints.length;
  const context = {
    processorName: frozen.processorName,
    partition: 0,
    partitions,
    signal: new AbortController().signal,
  };
  let applied = 0;
  const scan = { after: null, until, types: metadata.readTypes, batchSize };
  await scanLog(group.eventStore, scan, async (page) => {
    const events = page.filter(
      (event) =>
        compareLogPositions(
          event.position,
          frozen.checkpoints[partitionOfStream(event.streamId, partitions)],
        ) <= 0 &&
        !parked.has(event.eventId) &&
        tenantOfEvent(event, group.upcasting, metadata.defaultTenantId) === tenantId,
    );
    if (events.length > 0) await executor.handleBatch(events, context);
    applied += events.length;
  });
  return applied;
}

async function parkedEventIds(group: TargetProjections, processorName: string) {
  const { parked } = group.infrastructure;
  const count = await parked.count(processorName);
  if (count === 0) return new Set<string>();
  const entries = await parked.list({ processorName, limit: count });
  return new Set(entries.map((entry) => entry.eventId));
}

function inUnit<T>(unit: UnitOfWork | undefined, work: () => Promise<T>): Promise<T> {
  return unit ? unit.run(work) : work();
}
