import type { SqlEntityManager } from '@mikro-orm/postgresql';
import {
  assertValidParkedEvent,
  resolveParkedEventQuery,
} from '../processor/parked-event.validation.js';
import {
  ParkedEventStore,
  type ParkedEvent,
  type ParkedEventQuery,
} from '../processor/parked-event-store.port.js';
import { type ProjectionsSchemaOptions, projectionsTables } from './projections-schema.js';

interface ParkedEventRow {
  readonly processor_name: string;
  readonly event_id: string;
  readonly partition: number;
  readonly stream_id: string;
  readonly stream_version: number;
  readonly type: string;
  readonly transaction_id: string;
  readonly global_position: string;
  readonly attempts: number;
  readonly error: ParkedEvent['error'];
  readonly parked_at: Date | string;
}

const STORED_COLUMNS = `processor_name, event_id, partition, stream_id, stream_version, type,
  transaction_id, global_position, attempts, error, parked_at`;

/** Positions as text: they exceed JavaScript's safe integers. */
const COLUMNS = STORED_COLUMNS.replace(
  'transaction_id, global_position',
  'transaction_id::text, global_position::text',
);

/** Log order (of the numeric columns, not their text output), then a byte-wise tie-break. */
const ORDER = `p.transaction_id, p.global_position, p.processor_name COLLATE "C", p.event_id COLLATE "C"`;

/**
 * {@link ParkedEventStore} in the `processor_parked_events` table. Statements run through
 * `em.execute`, so `park` inside the caller's MikroORM transaction commits (or rolls back)
 * together with the checkpoint that moves past the parked event.
 */
export class PostgresParkedEventStore extends ParkedEventStore {
  private readonly table: string;

  constructor(
    private readonly em: SqlEntityManager,
    options: ProjectionsSchemaOptions = {},
  ) {
    super();
    this.table = projectionsTables(options).parkedEvents;
  }

  async park(event: ParkedEvent): Promise<void> {
    assertValidParkedEvent(event);
    const { code, name, message } = event.error;
    await this.em.execute(
      `INSERT INTO ${this.table} (${STORED_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
       ON CONFLICT (processor_name, event_id) DO UPDATE
       SET partition = excluded.partition, stream_id = excluded.stream_id,
           stream_version = excluded.stream_version, type = excluded.type,
           transaction_id = excluded.transaction_id, global_position = excluded.global_position,
           attempts = excluded.attempts, error = excluded.error, parked_at = excluded.parked_at`,
      [
        event.processorName,
        event.eventId,
        event.partition,
        event.streamId,
        event.streamVersion,
        event.type,
        event.position.transactionId,
        event.position.globalPosition,
        event.attempts,
        JSON.stringify({ message, code, name }),
        new Date(event.parkedAt).toISOString(),
      ],
      'run',
    );
  }

  async list(query?: ParkedEventQuery): Promise<ParkedEvent[]> {
    const { processorName, streamId, limit } = resolveParkedEventQuery(query);
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (processorName !== undefined) {
      conditions.push('processor_name = ?');
      values.push(processorName);
    }
    if (streamId !== undefined) {
      conditions.push('stream_id = ?');
      values.push(streamId);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.em.execute<ParkedEventRow[]>(
      `SELECT ${COLUMNS} FROM ${this.table} p ${where} ORDER BY ${ORDER} LIMIT ?`,
      [...values, limit],
    );
    return rows.map(toParkedEvent);
  }

  async get(processorName: string, eventId: string): Promise<ParkedEvent | undefined> {
    const rows = await this.em.execute<ParkedEventRow[]>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE processor_name = ? AND event_id = ?`,
      [processorName, eventId],
    );
    return rows[0] && toParkedEvent(rows[0]);
  }

  async remove(processorName: string, eventId: string): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>(
      `DELETE FROM ${this.table} WHERE processor_name = ? AND event_id = ? RETURNING event_id`,
      [processorName, eventId],
    );
    return rows.length > 0;
  }

  async parkedStreams(processorName: string, partition: number): Promise<string[]> {
    const rows = await this.em.execute<{ stream_id: string }[]>(
      `SELECT DISTINCT stream_id FROM ${this.table} WHERE processor_name = ? AND partition = ?`,
      [processorName, partition],
    );
    return rows.map((row) => row.stream_id);
  }

  async count(processorName: string): Promise<number> {
    const rows = await this.em.execute<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM ${this.table} WHERE processor_name = ?`,
      [processorName],
    );
    return rows[0]?.count ?? 0;
  }
}

function toParkedEvent(row: ParkedEventRow): ParkedEvent {
  return {
    eventId: row.event_id,
    processorName: row.processor_name,
    partition: row.partition,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    position: { transactionId: row.transaction_id, globalPosition: row.global_position },
    attempts: row.attempts,
    error: row.error,
    parkedAt: new Date(row.parked_at).toISOString(),
  };
}
