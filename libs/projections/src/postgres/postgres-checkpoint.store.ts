import {
  assertValidCheckpointArgs,
  type Checkpoint,
  CheckpointStore,
  type CheckpointUpdate,
  type Clock,
  type LogPosition,
  SystemClock,
} from '@cqrs-ddd/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { type ProjectionsSchemaOptions, projectionsTables } from './projections-schema.js';

/** Options of {@link PostgresCheckpointStore}. */
export interface PostgresCheckpointStoreOptions extends ProjectionsSchemaOptions {
  /** Source of `updatedAt`. @default new SystemClock() */
  readonly clock?: Clock;
}

interface CheckpointRow {
  readonly processor_name: string;
  readonly partition: number;
  readonly transaction_id: string | null;
  readonly global_position: string | null;
  readonly owner: string | null;
  readonly updated_at: Date | string;
}

const COLUMNS =
  'processor_name, partition, transaction_id::text, global_position::text, owner, updated_at';

/**
 * {@link CheckpointStore} in the `processor_checkpoints` table. Statements run through
 * `em.execute`, so inside the caller's MikroORM transaction (`em.transactional`, the
 * `MikroOrmUnitOfWork`) a processor saves its checkpoint atomically with the batch it applied.
 * Saves are compare-and-swap statements: under concurrent workers exactly one moves a
 * checkpoint on.
 */
export class PostgresCheckpointStore extends CheckpointStore {
  private readonly table: string;
  private readonly clock: Clock;

  constructor(
    private readonly em: SqlEntityManager,
    options: PostgresCheckpointStoreOptions = {},
  ) {
    super();
    this.table = projectionsTables(options).checkpoints;
    this.clock = options.clock ?? new SystemClock();
  }

  async load(processorName: string, partition = 0): Promise<Checkpoint | null> {
    assertValidCheckpointArgs(processorName, partition, {});
    const rows = await this.em.execute<CheckpointRow[]>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE processor_name = ? AND partition = ?`,
      [processorName, partition],
    );
    return rows[0] ? toCheckpoint(rows[0]) : null;
  }

  async save(processorName: string, update: CheckpointUpdate): Promise<Checkpoint> {
    const { partition = 0, expected, next, owner } = update;
    assertValidCheckpointArgs(processorName, partition, { expected, next }, owner);
    const values = [next.transactionId, next.globalPosition, owner ?? null, this.now()];
    const rows =
      expected === null
        ? // First save, or after a reset to the log start (a row without position).
          await this.em.execute<CheckpointRow[]>(
            `INSERT INTO ${this.table} AS c
               (processor_name, partition, transaction_id, global_position, owner, updated_at)
             VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (processor_name, partition) DO UPDATE
             SET transaction_id = excluded.transaction_id,
                 global_position = excluded.global_position,
                 owner = excluded.owner, updated_at = excluded.updated_at
             WHERE c.transaction_id IS NULL
             RETURNING ${COLUMNS}`,
            [processorName, partition, ...values],
          )
        : await this.em.execute<CheckpointRow[]>(
            `UPDATE ${this.table}
             SET transaction_id = ?, global_position = ?, owner = ?, updated_at = ?
             WHERE processor_name = ? AND partition = ?
               AND transaction_id = ? AND global_position = ?
             RETURNING ${COLUMNS}`,
            [...values, processorName, partition, expected.transactionId, expected.globalPosition],
          );
    if (rows[0]) return toCheckpoint(rows[0]);
    return this.conflict(processorName, partition, expected);
  }

  async reset(
    processorName: string,
    partition = 0,
    to: LogPosition | null = null,
  ): Promise<Checkpoint> {
    assertValidCheckpointArgs(processorName, partition, { to });
    const rows = await this.em.execute<CheckpointRow[]>(
      `INSERT INTO ${this.table}
         (processor_name, partition, transaction_id, global_position, owner, updated_at)
       VALUES (?, ?, ?, ?, NULL, ?)
       ON CONFLICT (processor_name, partition) DO UPDATE
       SET transaction_id = excluded.transaction_id, global_position = excluded.global_position,
           owner = NULL, updated_at = excluded.updated_at
       RETURNING ${COLUMNS}`,
      [processorName, partition, to?.transactionId ?? null, to?.globalPosition ?? null, this.now()],
    );
    return toCheckpoint(rows[0]!);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function toCheckpoint(row: CheckpointRow): Checkpoint {
  const position =
    row.transaction_id === null || row.global_position === null
      ? null
      : { transactionId: row.transaction_id, globalPosition: row.global_position };
  return {
    processorName: row.processor_name,
    partition: row.partition,
    position,
    ...(row.owner === null ? {} : { owner: row.owner }),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
