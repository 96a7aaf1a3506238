import type { MikroORM } from '@mikro-orm/postgresql';
import { TenantStorageExistsError } from './tenant-storage-exists.error.js';

const DUPLICATE_SCHEMA = '42P06';
const DUPLICATE_DATABASE = '42P04';

/**
 * The statements of tenant provisioning, on the application's connection. Every statement runs
 * on its own pooled connection, outside any transaction (`CREATE DATABASE` cannot run in one)
 * and outside the caller's MikroORM transaction context.
 */
export class TenantStorageDdl {
  constructor(private readonly orm: MikroORM) {}

  /** @throws TenantStorageExistsError when the schema exists */
  async createSchema(tenantId: string, schema: string): Promise<void> {
    await this.create(`CREATE SCHEMA ${quote(schema)}`, DUPLICATE_SCHEMA, () => {
      return new TenantStorageExistsError(tenantId, 'schema', schema);
    });
  }

  /** Drops the schema and everything in it. */
  async dropSchema(schema: string): Promise<void> {
    await this.orm.em.getConnection().execute(`DROP SCHEMA IF EXISTS ${quote(schema)} CASCADE`);
  }

  /** @throws TenantStorageExistsError when the database exists */
  async createDatabase(tenantId: string, database: string): Promise<void> {
    await this.create(`CREATE DATABASE ${quote(database)}`, DUPLICATE_DATABASE, () => {
      return new TenantStorageExistsError(tenantId, 'database', database);
    });
  }

  /** Drops the database, ending the sessions still connected to it. */
  async dropDatabase(database: string): Promise<void> {
    await this.orm.em
      .getConnection()
      .execute(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`);
  }

  /**
   * Runs `work` holding a transaction-scoped advisory lock on `key` in the application's
   * database, so provisioning one tenant id is serialised across all instances.
   */
  async exclusively<T>(key: string, work: () => Promise<T>): Promise<T> {
    const connection = this.orm.em.getConnection();
    const trx = await connection.begin();
    try {
      await connection.execute(
        'SELECT pg_advisory_xact_lock(hashtextextended(?, 0))',
        [key],
        'all',
        trx,
      );
      return await work();
    } finally {
      await connection.rollback(trx);
    }
  }

  /**
   * URL of `database` on the application's server: the application's host, port, user and
   * query parameters, without password.
   */
  databaseUrl(database: string): string {
    const clientUrl = this.orm.config.get('clientUrl');
    const url = new URL(clientUrl ?? 'postgresql://localhost');
    const effective = this.orm.em.getConnection().getConnectionOptions();
    if (effective.host) url.hostname = effective.host;
    if (effective.port) url.port = String(effective.port);
    url.username = effective.user ? encodeURIComponent(effective.user) : '';
    url.password = '';
    url.pathname = `/${encodeURIComponent(database)}`;
    url.searchParams.delete('schema');
    return url.toString();
  }

  private async create(sql: string, duplicate: string, exists: () => Error): Promise<void> {
    try {
      await this.orm.em.getConnection().execute(sql);
    } catch (error) {
      if ((error as { code?: unknown }).code === duplicate) throw exists();
      throw error;
    }
  }
}

/** Quotes a PostgreSQL identifier (names are validated before; this is defence in depth). */
function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
