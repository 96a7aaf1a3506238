import {
  type Checkpoint,
  type CheckpointUpdate,
  type Clock,
  type LogPosition,
  CheckpointStore,
  SystemClock,
  assertValidCheckpointArgs,
} from '@cqrs-ddd/core';
import type { Collection, Connection, mongo } from 'mongoose';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import { decodeMongoLogPosition, encodeMongoLogPosition } from './mongo-log-position.js';

/** Options of {@link MongoCheckpointStore}. */
export interface MongoCheckpointStoreOptions {
  /**
   * MongoDB collection of the checkpoints (letters, digits, `_`).
   * @default 'processor_checkpoints'
   */
  readonly collectionName?: string;
  /** Source of `updatedAt`. @default new SystemClock() */
  readonly clock?: Clock;
}

/** A checkpoint as stored: `pos` is `encodeMongoLogPosition` text, or `null` (log start). */
interface CheckpointRecord {
  readonly _id?: mongo.ObjectId;
  readonly processorName: string;
  readonly partition: number;
  readonly pos: string | null;
  readonly owner?: string;
  readonly updatedAt: Date;
}

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,119}$/;

/**
 * {@link CheckpointStore} on MongoDB, for processors whose read models live there: one record
 * per processor and partition, keyed by a unique index on `{ processorName, partition }`
 * (created on first use). `save` is a compare-and-swap — an update whose filter requires the
 * expected position — so of two workers racing from one position exactly one wins.
 */
export class MongoCheckpointStore extends CheckpointStore {
  private readonly clock: Clock;
  private readonly collection: Collection<CheckpointRecord>;
  private indexed?: Promise<unknown>;

  constructor(connection: Connection, options: MongoCheckpointStoreOptions = {}) {
    super();
    const name = options.collectionName ?? 'processor_checkpoints';
    if (!COLLECTION_NAME.test(name)) {
      throw new ProjectionsConfigurationError(
        `The checkpoint collection name must be letters, digits or "_" starting with a letter, got ${JSON.stringify(name)}.`,
      );
    }
    this.clock = options.clock ?? new SystemClock();
    this.collection = connection.collection<CheckpointRecord>(name);
  }

  async load(processorName: string, partition = 0): Promise<Checkpoint | null> {
    assertValidCheckpointArgs(processorName, partition, {});
    const record = await this.collection.findOne({ processorName, partition });
    return record ? toCheckpoint(record) : null;
  }

  async save(processorName: string, update: CheckpointUpdate): Promise<Checkpoint> {
    const { partition = 0, expected, next, owner } = update;
    assertValidCheckpointArgs(processorName, partition, { expected, next }, owner);
    const key = { processorName, partition };
    const values = { pos: encodeMongoLogPosition(next, 'next'), updatedAt: this.clock.now() };
    const expectedPos = expected === null ? null : encodeMongoLogPosition(expected, 'expected');
    const collection = await this.indexedCollection();
    if (expectedPos === null) {
      // From the log start: insert the checkpoint unless one exists...
      const fields = { ...values, ...(owner === undefined ? {} : { owner }) };
      const inserted = await collection.updateOne(key, { $setOnInsert: fields }, { upsert: true });
      if (inserted.upsertedCount > 0) return toCheckpoint({ ...key, ...fields });
    }
    // ...else move it only if it still holds the expected position.
    const saved = await collection.findOneAndUpdate(
      { ...key, pos: expectedPos },
      owner === undefined
        ? { $set: values, $unset: { owner: '' } }
        : { $set: { ...values, owner } },
      { returnDocument: 'after' },
    );
    if (saved) return toCheckpoint(saved);
    return this.conflict(processorName, partition, expected);
  }

  async reset(
    processorName: string,
    partition = 0,
    to: LogPosition | null = null,
  ): Promise<Checkpoint> {
    assertValidCheckpointArgs(processorName, partition, { to });
    const pos = to === null ? null : encodeMongoLogPosition(to, 'to');
    const collection = await this.indexedCollection();
    const saved = await collection.findOneAndUpdate(
      { processorName, partition },
      { $set: { pos, updatedAt: this.clock.now() }, $unset: { owner: '' } },
      { upsert: true, returnDocument: 'after' },
    );
    return toCheckpoint(saved as CheckpointRecord);
  }

  /** The collection, once its unique `{ processorName, partition }` index exists. */
  private async indexedCollection(): Promise<Collection<CheckpointRecord>> {
    if (!this.indexed) {
      this.indexed = this.collection.createIndex(
        { processorName: 1, partition: 1 },
        { unique: true, name: 'processor_partition_unique' },
      );
      this.indexed.catch(() => (this.indexed = undefined));
    }
    await this.indexed;
    return this.collection;
  }
}

function toCheckpoint(record: CheckpointRecord): Checkpoint {
  return {
    processorName: record.processorName,
    partition: record.partition,
    position: record.pos === null ? null : decodeMongoLogPosition(record.pos),
    ...(record.owner === undefined ? {} : { owner: record.owner }),
    updatedAt: record.updatedAt.toISOString(),
  };
}
