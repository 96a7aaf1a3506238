import { eventStoreSchemaNames, PostgresEventStore } from '@cqrs-ddd/event-store';
import {
  createEventStoreTestSchema,
  createTestOrm,
  type EventStoreTestSchema,
} from '@cqrs-ddd/event-store/testing';
import { partitionLeaseResource } from '@cqrs-ddd/projections';
import {
  createProjectionsTestSchema,
  type ProjectionsTestSchema,
} from '@cqrs-ddd/projections/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { OUTBOX_PROCESSOR_PREFIX } from '../relay/outbox-relay.processor.js';
import { CREDITED } from './relay-workload.fixture.js';

/** A committed event as the log holds it. */
export interface CommittedEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
}

/** Where a relay instance's tables are: what the child processes and the Nest apps take. */
export interface RelaySchemas {
  /** Schema of the event store's tables. */
  readonly eventStoreSchema: string;
  /** Schema of the processors' checkpoints, leases and parked messages. */
  readonly projectionsSchema: string;
}

/** A publisher's lease as stored: holder (`<instance id>#...`) and expiry, `null` when free. */
export interface RelayLease {
  readonly sessionId: string | null;
  readonly expiresAt: Date | null;
}

/**
 * A database of the outbox reliability tests: a fresh event-store schema and projections
 * schema on the test file's database (`DATABASE_URL`), a writer on the log, and readers of what
 * the log and the coordination tables hold.
 */
export class RelayDatabase {
  /** Appends of the test itself. */
  readonly writer: PostgresEventStore;

  private constructor(
    readonly orm: MikroORM,
    private readonly eventStoreSchema: EventStoreTestSchema,
    private readonly projectionsSchema: ProjectionsTestSchema,
  ) {
    this.writer = new PostgresEventStore(orm.em, { schema: eventStoreSchema.schema });
  }

  /** Creates and migrates both schemas. */
  static async create(): Promise<RelayDatabase> {
    const orm = await createTestOrm();
    const eventStoreSchema = await createEventStoreTestSchema(orm);
    const projectionsSchema = await createProjectionsTestSchema(orm);
    return new RelayDatabase(orm, eventStoreSchema, projectionsSchema);
  }

  /** The schema names. */
  get schemas(): RelaySchemas {
    return {
      eventStoreSchema: this.eventStoreSchema.schema,
      projectionsSchema: this.projectionsSchema.schema,
    };
  }

  /** Every committed event, in log order (`transaction_id`, `global_position`). */
  async committed(): Promise<CommittedEvent[]> {
    const { messages } = eventStoreSchemaNames({ schema: this.eventStoreSchema.schema });
    const rows = await this.orm.em.execute<
      { event_id: string; stream_id: string; stream_version: number; type: string }[]
    >(
      `SELECT event_id::text, stream_id, stream_version, type FROM ${messages}
       ORDER BY transaction_id, global_position`,
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      type: row.type,
    }));
  }

  /** The committed events the publishers of the tests select ({@link CREDITED}), in log order. */
  async committedSelected(): Promise<CommittedEvent[]> {
    return (await this.committed()).filter((event) => event.type === CREDITED);
  }

  /** The lease of outbox publisher `publisher` (its single partition). */
  async lease(publisher: string): Promise<RelayLease> {
    const resource = partitionLeaseResource(`${OUTBOX_PROCESSOR_PREFIX}${publisher}`, 0);
    const [row] = await this.orm.em.execute<
      { session_id: string | null; expires_at: Date | null }[]
    >(
      `SELECT session_id, expires_at FROM "${this.projectionsSchema.schema}".processor_leases
       WHERE resource = ?`,
      [resource],
    );
    return {
      sessionId: row?.session_id ?? null,
      expiresAt: row?.expires_at ? new Date(row.expires_at) : null,
    };
  }

  /** Closes the writer, drops both schemas and closes the pool. */
  async close(): Promise<void> {
    await this.writer.close();
    await this.projectionsSchema.drop();
    await this.eventStoreSchema.drop();
    await this.orm.close();
  }
}
