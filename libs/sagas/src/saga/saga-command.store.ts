import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { SagaCommandKind, SagaCommandRecord, SagaCommandStatus } from './saga-instance.js';
import { sagaTables } from './sagas-schema.js';

/** A command to record (the store assigns `seq`, status `pending` and the timestamps). */
export interface NewSagaCommand {
  readonly id: string;
  readonly sagaName: string;
  readonly sagaId: string;
  readonly tenantId?: string;
  readonly kind: SagaCommandKind;
  readonly step?: string;
  readonly commandType: string;
  readonly commandData: Record<string, unknown>;
  readonly correlationId: string;
  readonly causationId?: string;
  /** W3C trace context of the recording (the dispatch continues it). */
  readonly traceparent?: string;
}

interface CommandRow {
  readonly id: string;
  readonly seq: string | number;
  readonly saga_name: string;
  readonly saga_id: string;
  readonly tenant_id: string | null;
  readonly kind: SagaCommandKind;
  readonly step: string | null;
  readonly command_type: string;
  readonly command_data: Record<string, unknown> | string;
  readonly correlation_id: string;
  readonly causation_id: string | null;
  readonly traceparent: string | null;
  readonly status: SagaCommandStatus;
  readonly attempts: number;
  readonly error: string | null;
  readonly created_at: Date | string;
  readonly dispatched_at: Date | string | null;
}

/**
 * The `saga_commands` table: the commands instances recorded, in the transaction that recorded
 * them, and their dispatch. Statements run through `em.execute` (inside the caller's MikroORM
 * transaction when there is one).
 */
export class SagaCommandStore {
  private readonly table: string;
  private readonly instances: string;

  constructor(
    private readonly em: SqlEntityManager,
    schema?: string,
  ) {
    const tables = sagaTables(schema);
    this.table = tables.commands;
    this.instances = tables.instances;
  }

  /** Records `commands` as pending, in order. */
  async insert(commands: readonly NewSagaCommand[]): Promise<void> {
    for (const command of commands) {
      await this.em.execute(
        `INSERT INTO ${this.table} (id, saga_name, saga_id, tenant_id, kind, step, command_type,
           command_data, correlation_id, causation_id, traceparent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)`,
        [
          command.id,
          command.sagaName,
          command.sagaId,
          command.tenantId ?? null,
          command.kind,
          command.step ?? null,
          command.commandType,
          JSON.stringify(command.commandData),
          command.correlationId,
          command.causationId ?? null,
          command.traceparent ?? null,
        ],
      );
    }
  }

  /**
   * Locks (`FOR UPDATE SKIP LOCKED`, until the transaction ends) the oldest pending command that
   * is due and is the first pending one of its instance, together with its instance: an
   * instance's commands go out one after another, in order, while other dispatchers take other
   * instances; an instance being changed (by an event, a timeout) is skipped until it is free.
   */
  async claimNext(): Promise<SagaCommandRecord | undefined> {
    const rows = await this.em.execute<CommandRow[]>(
      `SELECT c.* FROM ${this.table} c
       JOIN ${this.instances} i ON i.saga_name = c.saga_name AND i.saga_id = c.saga_id
       WHERE c.status = 'pending' AND c.available_at <= now()
         AND NOT EXISTS (
           SELECT 1 FROM ${this.table} p
           WHERE p.saga_name = c.saga_name AND p.saga_id = c.saga_id
             AND p.status = 'pending' AND p.seq < c.seq)
       ORDER BY c.seq LIMIT 1 FOR UPDATE OF c, i SKIP LOCKED`,
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Marks a command dispatched. */
  async markDispatched(id: string): Promise<void> {
    await this.em.execute(
      `UPDATE ${this.table} SET status = 'dispatched', dispatched_at = now(), error = NULL
       WHERE id = ?`,
      [id],
    );
  }

  /** Marks a command failed for good, with its error. */
  async markFailed(id: string, error: string): Promise<void> {
    await this.em.execute(`UPDATE ${this.table} SET status = 'failed', error = ? WHERE id = ?`, [
      error,
      id,
    ]);
  }

  /** Puts a pending command off for `delayMs` after a transient failure (one attempt more). */
  async defer(id: string, delayMs: number, error: string): Promise<void> {
    await this.em.execute(
      `UPDATE ${this.table}
       SET attempts = attempts + 1, error = ?, available_at = now() + (? * interval '1 millisecond')
       WHERE id = ? AND status = 'pending'`,
      [error, delayMs, id],
    );
  }

  /** Cancels the pending commands of an instance (of `kind` only, when given). */
  async cancelPending(sagaName: string, sagaId: string, kind?: SagaCommandKind): Promise<void> {
    await this.em.execute(
      `UPDATE ${this.table} SET status = 'cancelled'
       WHERE saga_name = ? AND saga_id = ? AND status = 'pending'${kind ? ' AND kind = ?' : ''}`,
      kind ? [sagaName, sagaId, kind] : [sagaName, sagaId],
    );
  }

  /** Number of pending commands of an instance. */
  async countPending(sagaName: string, sagaId: string): Promise<number> {
    const [row] = await this.em.execute<{ count: string }[]>(
      `SELECT count(*) AS count FROM ${this.table}
       WHERE saga_name = ? AND saga_id = ? AND status = 'pending'`,
      [sagaName, sagaId],
    );
    return Number(row?.count ?? 0);
  }

  /**
   * Makes the failed command of an instance, and the commands cancelled after it, pending
   * again (admin retry). Resolves how many became pending.
   */
  async reopenFailed(sagaName: string, sagaId: string): Promise<number> {
    const rows = await this.em.execute<unknown[]>(
      `UPDATE ${this.table} c SET status = 'pending', error = NULL, available_at = now()
       WHERE c.saga_name = ? AND c.saga_id = ? AND c.status IN ('failed', 'cancelled')
         AND c.seq >= (SELECT max(f.seq) FROM ${this.table} f
                       WHERE f.saga_name = ? AND f.saga_id = ? AND f.status = 'failed')
       RETURNING c.id`,
      [sagaName, sagaId, sagaName, sagaId],
    );
    return rows.length;
  }

  /** Every command of an instance, in recording order. */
  async listFor(sagaName: string, sagaId: string): Promise<SagaCommandRecord[]> {
    const rows = await this.em.execute<CommandRow[]>(
      `SELECT * FROM ${this.table} WHERE saga_name = ? AND saga_id = ? ORDER BY seq`,
      [sagaName, sagaId],
    );
    return rows.map(toRecord);
  }
}

function toRecord(row: CommandRow): SagaCommandRecord {
  return {
    id: row.id,
    seq: Number(row.seq),
    sagaName: row.saga_name,
    sagaId: row.saga_id,
    ...(row.tenant_id !== null && { tenantId: row.tenant_id }),
    kind: row.kind,
    ...(row.step !== null && { step: row.step }),
    commandType: row.command_type,
    commandData:
      typeof row.command_data === 'string'
        ? (JSON.parse(row.command_data) as Record<string, unknown>)
        : row.command_data,
    correlationId: row.correlation_id,
    ...(row.causation_id !== null && { causationId: row.causation_id }),
    ...(row.traceparent !== null && { traceparent: row.traceparent }),
    status: row.status,
    attempts: row.attempts,
    ...(row.error !== null && { error: row.error }),
    createdAt: new Date(row.created_at),
    ...(row.dispatched_at !== null && { dispatchedAt: new Date(row.dispatched_at) }),
  };
}
