import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { SagaInstance, SagaStatus } from './saga-instance.js';
import { sagaTables } from './sagas-schema.js';

interface InstanceRow {
  readonly saga_name: string;
  readonly saga_id: string;
  readonly tenant_id: string | null;
  readonly status: SagaStatus;
  readonly step_index: number;
  readonly step: string | null;
  readonly completed_steps: string[] | string;
  readonly state: Record<string, unknown> | string;
  readonly version: number;
  readonly reason: string | null;
  readonly correlation_id: string;
  readonly created_at: Date | string;
  readonly updated_at: Date | string;
}

/** Filter and page of {@link SagaInstanceStore.list}. */
export interface SagaInstanceQuery {
  readonly name?: string;
  readonly status?: SagaStatus;
  /** Only instances of this tenant. @default every tenant */
  readonly tenantId?: string;
  /** At most this many. */
  readonly limit: number;
  /** Only instances after this `[sagaName, sagaId]` key (keyset paging). */
  readonly after?: readonly [string, string];
}

/**
 * The `saga_instances` table. Statements run through `em.execute`, so inside the caller's
 * MikroORM transaction (the processor's unit of work, the dispatcher's transaction) they commit
 * with what the saga recorded.
 */
export class SagaInstanceStore {
  private readonly table: string;

  constructor(
    private readonly em: SqlEntityManager,
    schema?: string,
  ) {
    this.table = sagaTables(schema).instances;
  }

  /** The instance, locked (`FOR UPDATE`) until the transaction ends; `undefined` when missing. */
  async lock(sagaName: string, sagaId: string): Promise<SagaInstance | undefined> {
    const rows = await this.em.execute<InstanceRow[]>(
      `SELECT * FROM ${this.table} WHERE saga_name = ? AND saga_id = ? FOR UPDATE`,
      [sagaName, sagaId],
    );
    return rows[0] && toInstance(rows[0]);
  }

  /** The instance as committed, or `undefined`. */
  async find(sagaName: string, sagaId: string): Promise<SagaInstance | undefined> {
    const rows = await this.em.execute<InstanceRow[]>(
      `SELECT * FROM ${this.table} WHERE saga_name = ? AND saga_id = ?`,
      [sagaName, sagaId],
    );
    return rows[0] && toInstance(rows[0]);
  }

  /** Inserts a new instance; resolves `false` when one with that id exists already. */
  async insert(instance: SagaInstance): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>(
      `INSERT INTO ${this.table} (saga_name, saga_id, tenant_id, status, step_index, step,
         completed_steps, state, version, reason, correlation_id, updated_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)
       ON CONFLICT (saga_name, saga_id) DO NOTHING RETURNING saga_id`,
      [instance.sagaName, instance.sagaId, ...changedValues(instance), instance.createdAt],
    );
    return rows.length === 1;
  }

  /**
   * Stores `instance` over version `instance.version - 1`.
   * @throws Error when that version is not the stored one (a change without the row lock)
   */
  async update(instance: SagaInstance): Promise<void> {
    const rows = await this.em.execute<unknown[]>(
      `UPDATE ${this.table} SET tenant_id = ?, status = ?, step_index = ?, step = ?,
         completed_steps = ?::jsonb, state = ?::jsonb, version = ?, reason = ?,
         correlation_id = ?, updated_at = ?
       WHERE saga_name = ? AND saga_id = ? AND version = ? RETURNING saga_id`,
      [...changedValues(instance), instance.sagaName, instance.sagaId, instance.version - 1],
    );
    if (rows.length !== 1) {
      throw new Error(
        `Saga instance ${instance.sagaName}/${instance.sagaId} changed concurrently (expected version ${instance.version - 1}).`,
      );
    }
  }

  /** Instances by saga name and id, filtered. */
  async list(query: SagaInstanceQuery): Promise<SagaInstance[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const filter = (condition: string, ...values: unknown[]) => {
      where.push(condition);
      params.push(...values);
    };
    if (query.name !== undefined) filter('saga_name = ?', query.name);
    if (query.status !== undefined) filter('status = ?', query.status);
    if (query.tenantId !== undefined) filter('tenant_id = ?', query.tenantId);
    if (query.after) filter('(saga_name, saga_id) > (?, ?)', ...query.after);
    const rows = await this.em.execute<InstanceRow[]>(
      `SELECT * FROM ${this.table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY saga_name, saga_id LIMIT ?`,
      [...params, query.limit],
    );
    return rows.map(toInstance);
  }
}

function changedValues(instance: SagaInstance): unknown[] {
  return [
    instance.tenantId ?? null,
    instance.status,
    instance.stepIndex,
    instance.step ?? null,
    JSON.stringify(instance.completedSteps),
    JSON.stringify(instance.state),
    instance.version,
    instance.reason ?? null,
    instance.correlationId,
    instance.updatedAt,
  ];
}

const json = <T>(value: T | string): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;

function toInstance(row: InstanceRow): SagaInstance {
  return {
    sagaName: row.saga_name,
    sagaId: row.saga_id,
    ...(row.tenant_id !== null && { tenantId: row.tenant_id }),
    status: row.status,
    stepIndex: row.step_index,
    ...(row.step !== null && { step: row.step }),
    completedSteps: json(row.completed_steps),
    state: json(row.state),
    version: row.version,
    ...(row.reason !== null && { reason: row.reason }),
    correlationId: row.correlation_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
