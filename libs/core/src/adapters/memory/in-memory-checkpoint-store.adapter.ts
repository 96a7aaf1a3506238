import type { LogPosition } from '../../domain/event-envelope.js';
import { logPositionsEqual } from '../../domain/log-position.js';
import { CheckpointConflictError } from '../../errors/checkpoint-conflict.error.js';
import {
  assertValidCheckpointArgs,
  CheckpointStore,
  type Checkpoint,
  type CheckpointUpdate,
} from '../../ports/checkpoint-store.port.js';
import type { Clock } from '../../ports/clock.port.js';
import { SystemClock } from '../system-clock.adapter.js';

/** Options of {@link InMemoryCheckpointStore}. */
export interface InMemoryCheckpointStoreOptions {
  /** Source of `updatedAt`. @default new SystemClock() */
  readonly clock?: Clock;
}

/**
 * {@link CheckpointStore} in process memory. Each call compares and swaps synchronously, so
 * concurrent saves are serialised by the event loop and exactly one of a racing pair wins.
 */
export class InMemoryCheckpointStore extends CheckpointStore {
  private readonly clock: Clock;
  private readonly checkpoints = new Map<string, Checkpoint>();

  constructor(options: InMemoryCheckpointStoreOptions = {}) {
    super();
    this.clock = options.clock ?? new SystemClock();
  }

  async load(processorName: string, partition = 0): Promise<Checkpoint | null> {
    assertValidCheckpointArgs(processorName, partition, {});
    const stored = this.checkpoints.get(InMemoryCheckpointStore.key(processorName, partition));
    return stored ? structuredClone(stored) : null;
  }

  async save(processorName: string, update: CheckpointUpdate): Promise<Checkpoint> {
    const { partition = 0, expected, next, owner } = update;
    assertValidCheckpointArgs(processorName, partition, { expected, next }, owner);
    const key = InMemoryCheckpointStore.key(processorName, partition);
    const actual = this.checkpoints.get(key)?.position ?? null;
    if (!logPositionsEqual(actual, expected)) {
      throw new CheckpointConflictError(processorName, partition, expected, actual);
    }
    return this.write(key, { processorName, partition, position: next, owner });
  }

  async reset(
    processorName: string,
    partition = 0,
    to: LogPosition | null = null,
  ): Promise<Checkpoint> {
    assertValidCheckpointArgs(processorName, partition, { to });
    const key = InMemoryCheckpointStore.key(processorName, partition);
    return this.write(key, { processorName, partition, position: to, owner: undefined });
  }

  private write(key: string, checkpoint: Omit<Checkpoint, 'updatedAt'>): Checkpoint {
    const stored: Checkpoint = structuredClone({
      processorName: checkpoint.processorName,
      partition: checkpoint.partition,
      position: checkpoint.position,
      ...(checkpoint.owner === undefined ? {} : { owner: checkpoint.owner }),
      updatedAt: this.clock.now().toISOString(),
    });
    this.checkpoints.set(key, stored);
    return structuredClone(stored);
  }

  private static key(processorName: string, partition: number): string {
    return JSON.stringify([processorName, partition]);
  }
}
