import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';
import type { Pool } from 'pg';

/**
 * Runs SQL with real bind parameters (`$1`, `$2`...) on the MikroORM connection: inside the
 * caller's active MikroORM transaction when there is one (`em.transactional(...)`, the unit of
 * work, MikroORM's transaction context propagated through AsyncLocalStorage), otherwise on a
 * pooled connection in autocommit mode, one statement being one transaction.
 */
export class PostgresSqlExecutor {
  /** MikroORM's `pg` pool when statements may bypass Kysely, else `null`; resolved once. */
  private pool: Promise<Pool | null> | undefined;

  /**
   * @param preparedStatements whether {@link queryPrepared} may use named prepared statements
   */
  constructor(
    private readonly em: EntityManager,
    private readonly preparedStatements = false,
  ) {}

  /** Rows of `sql`, run with `params`. */
  async query<TRow>(sql: string, params: readonly unknown[] = []): Promise<TRow[]> {
    const result = await this.em
      .getKysely<unknown>()
      .executeQuery<TRow>(CompiledQuery.raw(sql, [...params]));
    return result.rows;
  }

  /**
   * Like {@link query}, for hot statements: when enabled and outside a transaction, the
   * statement runs as a named prepared statement straight on MikroORM's `pg` pool, so each
   * connection parses and plans it once instead of on every call. Inside a transaction, and when
   * MikroORM runs hooks on reserved connections (`onCreateConnection`, `onReserveConnection`,
   * `sessionContext: 'connection'`) or was given its own Kysely client or dialect, it runs as
   * {@link query}.
   */
  async queryPrepared<TRow>(sql: string, params: readonly unknown[]): Promise<TRow[]> {
    const pool = this.em.getTransactionContext() ? null : await this.directPool();
    if (!pool) return this.query<TRow>(sql, params);
    const result = await pool.query<TRow & object>({
      name: statementName(sql),
      text: sql,
      values: params as unknown[],
    });
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

  private async directPool(): Promise<Pool | null> {
    this.pool ??= this.resolvePool();
    const pool = await this.pool;
    if (!pool?.ended) return pool;
    // MikroORM was closed since (and maybe reconnected with a new pool): resolve it again.
    this.pool = this.resolvePool();
    return this.pool;
  }

  private async resolvePool(): Promise<Pool | null> {
    if (!this.preparedStatements) return null;
    const config = this.em.config;
    const connection = this.em.getConnection();
    const hooked =
      config.get('onCreateConnection') !== undefined ||
      config.get('onReserveConnection') !== undefined ||
      config.get('sessionContext') === 'connection';
    if (hooked) return null;
    try {
      return await connection.getNativeClient();
    } catch {
      return null; // MikroORM was given its own Kysely client or dialect: no pool to use
    }
  }
}

const statementNames = new Map<string, string>();

/** A prepared-statement name unique to `sql` (the `pg` client caches statements by name). */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `cqrs_ddd_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    statementNames.set(sql, name);
  }
  return name;
}
