import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { LogPosition } from '@cqrs-ddd/core';
import { ProcessorStateError } from '../errors/processor-state.error.js';
import { PartitionLease, partitionLeaseResource } from './partition-lease.js';
import type { ProcessorRuntime } from './processor-runtime.js';

/** How often a reset tries again to take a partition lease another instance still holds, in ms. */
const RETRY_MS = 50;

/**
 * Resets the checkpoint of each partition to `to` while holding the partition's lease, so that
 * no batch of any instance runs meanwhile (a batch saving its checkpoint after the reset would
 * otherwise overwrite it when it read from that same position). A suspended processor's
 * workers give their leases up after their running batch (noticed within `idlePollMs`, or
 * `leaseTtlMs` for a crashed instance), so with `wait` the reset waits that long for them.
 * @throws ProcessorStateError when a lease stays held by another instance
 */
export async function resetCheckpointsUnderLeases(
  runtime: ProcessorRuntime,
  partitions: readonly number[],
  to: LogPosition | null,
  { wait }: { readonly wait: boolean },
): Promise<void> {
  const { processor, options, dependencies } = runtime;
  const deadline = performance.now() + (wait ? options.idlePollMs + options.leaseTtlMs : 0);
  for (const partition of partitions) {
    const lease = await leaseBefore(runtime, partition, deadline);
    if (!lease) {
      throw new ProcessorStateError(
        processor.name,
        wait
          ? `Processor "${processor.name}" partition ${partition} is still leased by another ` +
              'instance (its running batch has not finished): try reset() again.'
          : `Processor "${processor.name}" runs on another instance (partition ${partition} is ` +
              'leased): suspend() it before reset().',
      );
    }
    try {
      lease.assertHeld();
      await dependencies.checkpoints.reset(processor.name, partition, to);
    } finally {
      await lease.release();
    }
  }
}

async function leaseBefore(
  { processor, options, dependencies }: ProcessorRuntime,
  partition: number,
  deadline: number,
): Promise<PartitionLease | null> {
  for (;;) {
    const lease = await PartitionLease.tryAcquire({
      locks: dependencies.locks,
      resource: partitionLeaseResource(processor.name, partition),
      ttlMs: options.leaseTtlMs,
      sessionId: `${dependencies.instanceId}#reset#${randomUUID()}`,
      onLost: () => undefined, // the reset checks the lease right before its statement
    });
    if (lease || performance.now() >= deadline) return lease;
    await delay(Math.min(RETRY_MS, Math.max(1, deadline - performance.now())));
  }
}
