import { randomBytes } from 'node:crypto';
import type { StorageTarget } from '@cqrs-ddd/core';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Storage targets of tenants with storage of their own, on the test file's PostgreSQL server:
 * a schema in the test file's database, or a database of its own (next to the test file's, with
 * a MikroORM of its own as `connection`). {@link dispose} closes the MikroORMs and drops the
 * databases and schemas — after the apps using them closed.
 */
export class TenantTargets {
  private readonly schemas: string[] = [];
  private readonly databases: string[] = [];
  private readonly orms: MikroORM[] = [];

  private constructor(private readonly admin: MikroORM) {}

  /** Opens the admin connection (on the test file's database). */
  static async open(): Promise<TenantTargets> {
    return new TenantTargets(await createTestOrm({ pool: { min: 0, max: 2 } }));
  }

  /** The target of `tenantId` in a fresh schema (created by the migrations of its stores). */
  schemaTarget(tenantId: string): StorageTarget {
    const schema = `tenant_${tenantId}_${randomBytes(4).toString('hex')}`;
    this.schemas.push(schema);
    return { key: `schema:${schema}`, tenantId, schema };
  }

  /** The target of `tenantId` in a fresh database (its stores' schemas are migrated there). */
  async databaseTarget(tenantId: string): Promise<StorageTarget> {
    const database = `${process.env.TEST_DATABASE_NAME ?? 'outbox'}_${tenantId}_${randomBytes(4).toString('hex')}`;
    await this.admin.em.getConnection().execute(`CREATE DATABASE "${database}"`);
    this.databases.push(database);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${database}`;
    const connection = await createTestOrm({ clientUrl: url.toString(), pool: { min: 0, max: 8 } });
    this.orms.push(connection);
    return { key: `database:${database}`, tenantId, connection };
  }

  /** Rows of `sql` in the database of `target` (the test file's for a schema target). */
  query<T extends object>(target: StorageTarget, sql: string): Promise<T[]> {
    const orm = (target.connection as MikroORM | undefined) ?? this.admin;
    return orm.em.getConnection().execute<T[]>(sql);
  }

  /** Closes the targets' MikroORMs, drops their databases and schemas, closes the admin. */
  async dispose(): Promise<void> {
    await Promise.all(this.orms.splice(0).map((orm) => orm.close()));
    const connection = this.admin.em.getConnection();
    for (const name of this.databases.splice(0)) {
      await connection.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
    for (const name of this.schemas.splice(0)) {
      await connection.execute(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    }
    await this.admin.close();
  }
}
