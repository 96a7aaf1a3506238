import {
  assertValidSnapshot,
  jsonValueIssue,
  SnapshotStore,
  ValidationError,
  type Snapshot,
} from '@cqrs-ddd/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  eventStoreSchemaNames,
  type EventStoreSchemaNames,
  type EventStoreSchemaOptions,
} from './event-store-schema.options.js';
import { isoTimestampSql } from './postgres-sql.fragments.js';
import { PostgresSqlExecutor } from './postgres-sql.executor.js';

interface SnapshotRow {
  readonly stream_id: string;
  readonly version: number;
  readonly type: string;
  readonly schema_version: number;
  readonly state: unknown;
  readonly taken_at: string;
}

/**
 * {@link SnapshotStore} on the event store's `snapshots` table (same schema options as
 * {@link PostgresEventStore}). Like the event store, it runs in the caller's active MikroORM
 * transaction when there is one, so a snapshot taken while saving an aggregate commits (or rolls
 * back) with its events; otherwise each call is its own transaction. A save is one upsert that
 * keeps the higher version, so concurrent saves end with the newest snapshot.
 */
export class PostgresSnapshotStore extends SnapshotStore {
  private readonly sql: PostgresSqlExecutor;
  private readonly names: EventStoreSchemaNames;

  constructor(em: EntityManager, options: EventStoreSchemaOptions = {}) {
    super();
    this.sql = new PostgresSqlExecutor(em);
    this.names = eventStoreSchemaNames(options);
  }

  async save(snapshot: Snapshot): Promise<void> {
    assertValidSnapshot(snapshot);
    const invalid = jsonValueIssue(snapshot.state, 'state');
    if (invalid) throw new ValidationError([invalid]);
    await this.sql.query(
      `INSERT INTO ${this.names.snapshots} AS s (stream_id, version, type, schema_version, state, taken_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamptz)
       ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, type = excluded.type,
         schema_version = excluded.schema_version, state = excluded.state,
         taken_at = excluded.taken_at, updated_at = now()
       WHERE s.version <= excluded.version`,
      [
        snapshot.streamId,
        snapshot.version,
        snapshot.type,
        snapshot.schemaVersion,
        JSON.stringify(snapshot.state),
        snapshot.takenAt,
      ],
    );
  }

  async load<TState = unknown>(streamId: string): Promise<Snapshot<TState> | null> {
    const [row] = await this.sql.query<SnapshotRow>(
      `SELECT stream_id, version, type, schema_version, state, ${isoTimestampSql('taken_at')} AS taken_at
       FROM ${this.names.snapshots} WHERE stream_id = $1`,
      [streamId],
    );
    if (!row) return null;
    return {
      streamId: row.stream_id,
      version: row.version,
      type: row.type,
      schemaVersion: row.schema_version,
      state: row.state as TState,
      takenAt: row.taken_at,
    };
  }

  async delete(streamId: string): Promise<void> {
    await this.sql.query(`DELETE FROM ${this.names.snapshots} WHERE stream_id = $1`, [streamId]);
  }
}
