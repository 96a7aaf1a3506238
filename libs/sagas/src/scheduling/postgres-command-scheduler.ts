import {
  type Clock,
  currentRequestContext,
  type IdGenerator,
  SystemClock,
  UuidV7IdGenerator,
} from '@cqrs-ddd/core';
import type { Transaction } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CommandTypeRegistry } from '../commands/command-type.registry.js';
import { type CapturedContext, captureContext } from './captured-context.js';
import {
  CommandScheduler,
  type ScheduleCommandOptions,
  type ScheduledCommandView,
  type ScheduleTime,
} from './command-scheduler.port.js';
import { resolveScheduleKey, resolveScheduleTime } from './schedule-time.js';
import type {
  DueCommandOutcome,
  DueScheduledCommand,
  ScheduledCommandStore,
} from './scheduled-command.store.js';
import { schedulingTables } from './scheduling-schema.js';

/** Options of {@link PostgresCommandScheduler}. */
export interface PostgresCommandSchedulerOptions {
  /** PostgreSQL schema of the tables (create them with `migrateScheduling`). @default 'public' */
  readonly schema?: string;
  /** Time source: `run_at` of delays, and what is due. @default new SystemClock() */
  readonly clock?: Clock;
  /** Source of schedule ids. @default new UuidV7IdGenerator() */
  readonly ids?: IdGenerator;
}

interface CommandRow {
  readonly id: string;
  readonly key: string;
  readonly tenant_id: string | null;
  readonly command_type: string;
  readonly command_data: Record<string, unknown>;
  readonly context: CapturedContext;
  readonly run_at: Date | string;
  readonly status: ScheduledCommandView['status'];
  readonly attempts: number;
  readonly last_error: string | null;
}

/**
 * {@link CommandScheduler} on PostgreSQL (`<schema>.scheduled_commands`), through MikroORM.
 * `schedule` and `cancel` run in the caller's active MikroORM transaction when there is one (a
 * command handler's unit of work), so a schedule commits or rolls back with the command that
 * made it. A worker claims due rows with `FOR UPDATE SKIP LOCKED`, so instances share the work
 * and each row runs once per successful transaction.
 */
export class PostgresCommandScheduler extends CommandScheduler implements ScheduledCommandStore {
  private readonly table: string;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;

  /** @throws SchedulingConfigurationError for an invalid schema name */
  constructor(
    private readonly em: EntityManager,
    private readonly registry: CommandTypeRegistry,
    options: PostgresCommandSchedulerOptions = {},
  ) {
    super();
    this.table = schedulingTables(options.schema).commands;
    this.clock = options.clock ?? new SystemClock();
    this.ids = options.ids ?? new UuidV7IdGenerator();
  }

  async schedule(
    command: object,
    at: ScheduleTime,
    options?: ScheduleCommandOptions,
  ): Promise<string> {
    const { type, data } = this.registry.serialize(command);
    const id = this.ids.newId();
    const key = resolveScheduleKey(options, id);
    const runAt = resolveScheduleTime(at, this.clock.now());
    const context = captureContext();
    await this.run(
      `INSERT INTO ${this.table}
         (id, tenant_key, tenant_id, key, command_type, command_data, context, run_at)
       VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::timestamptz)
       ON CONFLICT (tenant_key, key) WHERE status = 'pending' DO UPDATE SET
         command_type = excluded.command_type, command_data = excluded.command_data,
         context = excluded.context, run_at = excluded.run_at, attempts = 0,
         last_error = NULL, updated_at = now()`,
      [
        id,
        context.tenantId ?? '',
        context.tenantId ?? null,
        key,
        type,
        JSON.stringify(data),
        JSON.stringify(context),
        runAt.toISOString(),
      ],
    );
    return key;
  }

  async cancel(key: string): Promise<boolean> {
    const rows = await this.run(
      `UPDATE ${this.table} SET status = 'cancelled', updated_at = now()
       WHERE tenant_key = ? AND key = ? AND status = 'pending' RETURNING id`,
      [tenantKey(), key],
    );
    return rows.length > 0;
  }

  async runNextDue(
    now: Date,
    run: (due: DueScheduledCommand) => Promise<void>,
  ): Promise<DueCommandOutcome> {
    let due: DueScheduledCommand | undefined;
    try {
      await this.em.transactional(async () => {
        const ctx = this.em.getTransactionContext();
        const [row] = await this.run<CommandRow>(
          `SELECT * FROM ${this.table}
           WHERE status = 'pending' AND run_at <= ?::timestamptz
           ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [now.toISOString()],
          ctx,
        );
        if (!row) return;
        due = dueFromRow(row);
        await this.run(
          `UPDATE ${this.table} SET status = 'done', attempts = attempts + 1, updated_at = now()
           WHERE id = ?`,
          [row.id],
          ctx,
        );
        await run(due);
      });
    } catch (error) {
      if (!due) throw error;
      return { due, error };
    }
    return due && { due };
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.run(
      `UPDATE ${this.table} SET status = 'failed', attempts = attempts + 1, last_error = ?,
         updated_at = now() WHERE id = ? AND status = 'pending'`,
      [error, id],
      null,
    );
  }

  async retryLater(id: string, error: string, runAt: Date): Promise<void> {
    await this.run(
      `UPDATE ${this.table} SET attempts = attempts + 1, last_error = ?, run_at = ?::timestamptz,
         updated_at = now() WHERE id = ? AND status = 'pending'`,
      [error, runAt.toISOString(), id],
      null,
    );
  }

  async find(key: string): Promise<ScheduledCommandView | undefined> {
    const [row] = await this.run<CommandRow>(
      `SELECT * FROM ${this.table} WHERE tenant_key = ? AND key = ?
       ORDER BY (status = 'pending') DESC, updated_at DESC, id DESC LIMIT 1`,
      [tenantKey(), key],
    );
    return row && viewFromRow(row);
  }

  /** Runs `sql` in `ctx`: by default the caller's active transaction, if any; `null`: none. */
  private run<TRow = unknown>(
    sql: string,
    params: unknown[],
    ctx: Transaction | null | undefined = this.em.getTransactionContext(),
  ): Promise<TRow[]> {
    return this.em.getConnection().execute<TRow[]>(sql, params, 'all', ctx ?? undefined);
  }
}

function tenantKey(): string {
  return currentRequestContext()?.tenantId ?? '';
}

function dueFromRow(row: CommandRow): DueScheduledCommand {
  return {
    id: row.id,
    key: row.key,
    tenantId: row.tenant_id ?? undefined,
    command: { type: row.command_type, data: row.command_data },
    context: row.context,
    runAt: new Date(row.run_at),
    attempts: row.attempts,
  };
}

function viewFromRow(row: CommandRow): ScheduledCommandView {
  return {
    key: row.key,
    ...(row.tenant_id === null ? {} : { tenantId: row.tenant_id }),
    commandType: row.command_type,
    runAt: new Date(row.run_at),
    status: row.status,
    attempts: row.attempts,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
  };
}
