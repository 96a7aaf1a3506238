import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runInContext, type StorageTarget } from '@cqrs-ddd/core';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { isTenantAlreadyExistsError } from '../errors/tenant-already-exists.error.js';
import { PostgresTenantRegistry } from '../registry/postgres-tenant.registry.js';
import { migrateTenantRegistry } from '../registry/tenant-registry.schema.js';
import { RegistryStorageTargets } from '../storage/registry-storage.targets.js';
import { TenantDatabasePool } from '../storage/tenant-database.pool.js';
import { isTenantMigrationError } from './tenant-migration.error.js';
import { isTenantStorageExistsError } from './tenant-storage-exists.error.js';
import type { TenantMigrator } from './tenant.migrator.js';
import { TenantProvisioner } from './tenant.provisioner.js';

/** Creates the `notes` table of the tenant (in its schema, or its database's public schema). */
const notesTable: TenantMigrator = async ({ em, schema }) => {
  await em.execute(
    `CREATE TABLE IF NOT EXISTS ${schema ? `"${schema}".` : ''}notes (id int PRIMARY KEY, body text)`,
  );
};
const failing: TenantMigrator = async () => {
  throw new Error('migration 2 is broken');
};

describe('TenantProvisioner (real PostgreSQL)', () => {
  const suffix = randomBytes(4).toString('hex');
  const registrySchema = `tenants_${suffix}`;
  let app: MikroORM;
  let otherApp: MikroORM;
  const pools: TenantDatabasePool[] = [];

  /** One application instance: its registry, pool, storage targets and provisioner. */
  const instance = (orm: MikroORM, migrators: TenantMigrator[] = [notesTable]) => {
    const registry = new PostgresTenantRegistry(orm.em, { schema: registrySchema });
    const pool = new TenantDatabasePool({ baseOptions: orm.config.getAll() });
    pools.push(pool);
    const targets = new RegistryStorageTargets(registry, pool);
    const provisioner = new TenantProvisioner({ registry, targets, pool, orm }, { migrators });
    return { registry, pool, targets, provisioner };
  };
  const one = <T>(rows: T[]): T => rows[0]!;
  const schemaExists = async (schema: string) =>
    one(
      await app.em.execute<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = ?',
        [schema],
      ),
    ).n === 1;
  const databaseExists = async (database: string) =>
    one(
      await app.em.execute<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM pg_database WHERE datname = ?',
        [database],
      ),
    ).n === 1;
  const tableExists = async (orm: MikroORM, table: string) =>
    one(await orm.em.execute<{ t: string | null }[]>('SELECT to_regclass(?)::text AS t', [table]))
      .t !== null;

  beforeAll(async () => {
    app = await createTestOrm();
    otherApp = await createTestOrm();
    await migrateTenantRegistry(app.em, { schema: registrySchema });
  });

  afterAll(async () => {
    for (const pool of pools) await pool.close();
    const databases = await app.em.execute<{ datname: string }[]>(
      'SELECT datname FROM pg_database WHERE datname LIKE ?',
      [`tenant_%${suffix}`],
    );
    for (const { datname } of databases) {
      await app.em.execute(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await otherApp.close();
    await app.close();
  });

  it('provisions a schema tenant: schema, migrated table, registry entry, announced target', async () => {
    const { provisioner, registry, targets } = instance(app);
    const added: StorageTarget[] = [];
    targets.onAdded((target) => added.push(target));
    const id = `acme-${suffix}`;
    const tenant = await provisioner.create({ id, name: 'Acme', isolation: 'schema' });
    const schema = `tenant_acme_${suffix}`;
    expect(tenant).toMatchObject({ id, isolation: 'schema', schema, status: 'active' });
    expect(await registry.find(id)).toEqual(tenant);
    expect(await tableExists(app, `"${schema}".notes`)).toBe(true);
    expect(added).toEqual([{ key: `schema:${schema}`, tenantId: id, schema }]);

    const prepared = await targets.prepare(id);
    expect(runInContext({ tenantId: id }, () => targets.current())).toBe(prepared);
    expect(prepared.schema).toBe(schema);
  });

  it('provisions a database tenant: CREATE DATABASE, migrated, reachable through current()', async () => {
    const { provisioner, registry, targets } = instance(app);
    const added: StorageTarget[] = [];
    targets.onAdded((target) => added.push(target));
    const id = `globex-${suffix}`;
    const database = `tenant_globex_${suffix}`;
    const tenant = await provisioner.create({ id, name: 'Globex', isolation: 'database' });
    expect(tenant.databaseUrl).toBeDefined();
    const url = new URL(tenant.databaseUrl!);
    expect(url.pathname).toBe(`/${database}`);
    expect(url.password).toBe('');
    expect(await databaseExists(database)).toBe(true);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ key: `database:${id}`, tenantId: id });

    // A fresh instance (empty caches) resolves the tenant from the registry.
    const fresh = instance(app);
    const target = await fresh.targets.prepare(id);
    const current = runInContext({ tenantId: id }, () => fresh.targets.current());
    expect(current).toBe(target);
    const orm = current.connection as MikroORM;
    expect(await tableExists(orm, 'public.notes')).toBe(true);
    await orm.em.execute(`INSERT INTO notes (id, body) VALUES (1, 'hello')`);
    const rows = await orm.em.execute<{ db: string; body: string }[]>(
      'SELECT current_database() AS db, body FROM notes',
    );
    expect(rows).toEqual([{ db: database, body: 'hello' }]);
    expect(await tableExists(app, 'public.notes')).toBe(false);
    expect((await registry.find(id))?.databaseUrl).toBe(tenant.databaseUrl);
  });

  it('leaves nothing behind when a migrator fails: no registry entry, schema and database dropped', async () => {
    const { provisioner, registry, targets } = instance(app, [notesTable, failing]);
    const added: StorageTarget[] = [];
    targets.onAdded((target) => added.push(target));
    for (const isolation of ['schema', 'database'] as const) {
      const id = `broken-${isolation}-${suffix}`;
      const storage = `tenant_broken_${isolation}_${suffix}`;
      const error = await provisioner.create({ id, name: 'Broken', isolation }).catch((e) => e);
      expect(isTenantMigrationError(error)).toBe(true);
      expect((error as Error).message).toContain('migration 2 is broken');
      expect(await registry.find(id)).toBeNull();
      expect(await schemaExists(storage)).toBe(false);
      expect(await databaseExists(storage)).toBe(false);
    }
    expect(added).toEqual([]);
  });

  it('refuses to adopt an existing schema, and keeps it', async () => {
    const { provisioner, registry } = instance(app);
    const schema = `leftover_${suffix}`;
    await app.em.execute(`CREATE SCHEMA "${schema}"`);
    await app.em.execute(`CREATE TABLE "${schema}".precious (id int)`);
    const id = `late-${suffix}`;
    const error = await provisioner
      .create({ id, name: 'Late', isolation: 'schema', schema })
      .catch((e) => e);
    expect(isTenantStorageExistsError(error)).toBe(true);
    expect(await registry.find(id)).toBeNull();
    expect(await tableExists(app, `"${schema}".precious`)).toBe(true);
  });

  it('lets exactly one of two instances provisioning the same id win; the loser leaves nothing', async () => {
    for (const isolation of ['schema', 'database'] as const) {
      const [first, second] = [instance(app), instance(otherApp)];
      const id = `race-${isolation}-${suffix}`;
      const results = await Promise.allSettled([
        first.provisioner.create({ id, name: 'First', isolation }),
        second.provisioner.create({ id, name: 'Second', isolation }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(isTenantAlreadyExistsError((lost[0] as PromiseRejectedResult).reason)).toBe(true);
      const winner = (won[0] as PromiseFulfilledResult<{ name: string }>).value;
      expect((await first.registry.find(id))?.name).toBe(winner.name);
      const storage = `tenant_race_${isolation}_${suffix}`;
      if (isolation === 'schema') expect(await tableExists(app, `"${storage}".notes`)).toBe(true);
      else expect(await databaseExists(storage)).toBe(true);
    }
  });

  it('migrateAll runs the migrators on every schema and database tenant; suspend/activate', async () => {
    const addsExtras: TenantMigrator = async ({ em, schema }) => {
      await em.execute(`CREATE TABLE IF NOT EXISTS ${schema ? `"${schema}".` : ''}extras (id int)`);
    };
    const { provisioner, registry, pool, targets } = instance(app, [notesTable, addsExtras]);
    const migrated = await provisioner.migrateAll();
    const dedicated = (await registry.list()).filter((t) => t.isolation !== 'shared');
    expect(migrated.map((t) => t.id)).toEqual(dedicated.map((t) => t.id));
    expect(dedicated.length).toBeGreaterThanOrEqual(4);
    for (const tenant of dedicated) {
      if (tenant.isolation === 'schema') {
        expect(await tableExists(app, `"${tenant.schema}".extras`)).toBe(true);
      } else {
        const orm = (await targets.prepare(tenant.id)).connection as MikroORM;
        expect(orm).toBe(pool.peek(tenant.id));
        expect(await tableExists(orm, 'public.extras')).toBe(true);
      }
    }
    const id = `acme-${suffix}`;
    expect((await provisioner.suspend(id)).status).toBe('suspended');
    expect((await registry.find(id))?.status).toBe('suspended');
    expect((await provisioner.activate(id)).status).toBe('active');
  });
});
