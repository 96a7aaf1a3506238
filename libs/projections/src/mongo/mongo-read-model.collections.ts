import { assertCollectionName } from '@cqrs-ddd/core';
import type { Collection, Connection } from 'mongoose';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import { type MongoReadModelRecord, READ_MODEL_KEY_INDEX } from './mongo-read-model.record.js';

const PREFIX = /^[A-Za-z0-9_]{0,64}$/;
const NAMESPACE_NOT_FOUND = 26;

/**
 * The MongoDB collections behind read-model collections (`<prefix><name>`), with their unique
 * key index created on first write (once per collection and instance).
 */
export class MongoReadModelCollections {
  private readonly indexes = new Map<string, Promise<unknown>>();

  constructor(
    private readonly connection: Connection,
    private readonly prefix: string,
  ) {
    if (!PREFIX.test(prefix)) {
      throw new ProjectionsConfigurationError(
        `The read-model collection prefix must be at most 64 letters, digits or "_", got ${JSON.stringify(prefix)}.`,
      );
    }
  }

  /** The collection of read-model collection `name` (validated: `ValidationError`). */
  get(name: string): Collection<MongoReadModelRecord> {
    return this.connection.collection<MongoReadModelRecord>(
      `${this.prefix}${assertCollectionName(name)}`,
    );
  }

  /** {@link get}, once its unique `{ tenantId, id }` index exists. */
  async forWriting(name: string): Promise<Collection<MongoReadModelRecord>> {
    const collection = this.get(name);
    let created = this.indexes.get(name);
    if (!created) {
      created = collection.createIndex(READ_MODEL_KEY_INDEX, {
        unique: true,
        name: 'tenant_id_unique',
      });
      this.indexes.set(name, created);
      created.catch(() => this.indexes.delete(name));
    }
    await created;
    return collection;
  }

  /** Drops the collection (no error when it does not exist). */
  async drop(name: string): Promise<void> {
    const collection = this.get(name);
    this.indexes.delete(name);
    try {
      await this.connection.dropCollection(collection.collectionName);
    } catch (error) {
      if ((error as { code?: unknown }).code !== NAMESPACE_NOT_FOUND) throw error;
    }
  }
}
