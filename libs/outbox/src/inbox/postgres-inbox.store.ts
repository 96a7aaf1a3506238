import { currentRequestContext, UnitOfWork } from '@cqrs-ddd/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { type InboxSchemaOptions, inboxTable } from './inbox-schema.js';
import { assertValidInboxKey, assertValidPurgeDate, InboxStore } from './inbox-store.port.js';

/** Options of {@link PostgresInboxStore}. */
export type PostgresInboxStoreOptions = InboxSchemaOptions;

/**
 * {@link InboxStore} in the `inbox_messages` table (create it with `migrateInbox`). Statements
 * run through `em.execute`, so inside the caller's MikroORM transaction: `record` is an
 * `INSERT ... ON CONFLICT DO NOTHING` that commits or rolls back with the handler's writes, and
 * a concurrent insert of the same key waits on the first one's row lock until that transaction
 * ends. Each record keeps the tenant of the request context, for audits.
 */
export class PostgresInboxStore extends InboxStore {
  private readonly table: string;

  constructor(
    private readonly em: SqlEntityManager,
    options: PostgresInboxStoreOptions = {},
  ) {
    super();
    this.table = inboxTable(options).table;
  }

  async record(consumer: string, messageId: string): Promise<boolean> {
    assertValidInboxKey(consumer, messageId);
    const rows = await this.em.execute<unknown[]>(
      `INSERT INTO ${this.table} (consumer, message_id, tenant_id) VALUES (?, ?, ?)
       ON CONFLICT (consumer, message_id) DO NOTHING
       RETURNING 1 AS recorded`,
      [consumer, messageId, currentRequestContext()?.tenantId ?? null],
    );
    return rows.length > 0;
  }

  async has(consumer: string, messageId: string): Promise<boolean> {
    assertValidInboxKey(consumer, messageId);
    const rows = await this.em.execute<unknown[]>(
      `SELECT 1 AS found FROM ${this.table} WHERE consumer = ? AND message_id = ?`,
      [consumer, messageId],
    );
    return rows.length > 0;
  }

  async purge(olderThan: Date): Promise<number> {
    assertValidPurgeDate(olderThan);
    const result = await this.em.execute<{ affectedRows: number }>(
      `DELETE FROM ${this.table} WHERE processed_at < ?`,
      [olderThan],
      'run',
    );
    return result.affectedRows;
  }

  /**
   * `unitOfWork`, made to run its work inside a MikroORM transaction: a unit that already is
   * one (`MikroOrmUnitOfWork`) is joined as is; otherwise (e.g. core's `InMemoryUnitOfWork`)
   * the work runs in `em.transactional`, so the record still commits with the handler's writes
   * through the same EntityManager.
   */
  enlist(unitOfWork: UnitOfWork): UnitOfWork {
    return new TransactionalUnitOfWork(unitOfWork, this.em);
  }
}

/** Runs each unit of `inner` inside a MikroORM transaction (its own, or a new one). */
class TransactionalUnitOfWork extends UnitOfWork {
  constructor(
    private readonly inner: UnitOfWork,
    private readonly em: SqlEntityManager,
  ) {
    super();
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.inner.run(() =>
      this.em.isInTransaction() ? work() : this.em.transactional(() => work()),
    );
  }

  isActive(): boolean {
    return this.inner.isActive();
  }
}
