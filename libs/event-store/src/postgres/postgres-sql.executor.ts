import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

/**
 * Runs SQL with real bind parameters (`$1`, `$2`...) on the MikroORM connection: inside the
 * caller's active MikroORM transaction when there is one (`em.transactional(...)`, the unit of
 * work, MikroORM's transaction context propagated through AsyncLocalStorage), otherwise on a
 * pooled connection in autocommit mode, one statement being one transaction.
 */
export class PostgresSqlExecutor {
  constructor(private readonly em: EntityManager) {}

  /** Rows of `sql`, run with `params`. */
  async query<TRow>(sql: string, params: readonly unknown[] = []): Promise<TRow[]> {
    const result = await this.em
      .getKysely<unknown>()
      .executeQuery<TRow>(CompiledQuery.raw(sql, [...params]));
    return result.rows;
  }

  /** Rows of `sql` run on a pooled connection in autocommit mode, even inside a transaction. */
  async queryOutsideTransaction<TRow>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<TRow[]> {
    const client = this.em.getConnection().getClient<unknown>();
    const result = await client.executeQuery<TRow>(CompiledQuery.raw(sql, [...params]));
    return result.rows;
  }

  /** The caller's active MikroORM transaction, if any. */
  transaction(): (object & { readonly savepointName?: string }) | undefined {
    return this.em.getTransactionContext();
  }
}
