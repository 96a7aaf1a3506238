import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { runInContext, SHARED_STORAGE_TARGET, type StorageTarget } from '@cqrs-ddd/core';
import { isUnknownTenantError } from '../errors/unknown-tenant.error.js';
import { InMemoryTenantRegistry } from '../registry/in-memory-tenant.registry.js';
import { databaseTenant, fakeOrmFactory, manualTimer } from './fake-tenant-orm.fixture.js';
import { RegistryStorageTargets } from './registry-storage.targets.js';
import { TenantDatabasePool } from './tenant-database.pool.js';
import { isTenantStorageNotPreparedError } from './tenant-storage-not-prepared.error.js';

function setup() {
  const registry = new InMemoryTenantRegistry({
    tenants: [
      { id: 'shared-co', name: 'Shared Co', isolation: 'shared' },
      { id: 'schema-co', name: 'Schema Co', isolation: 'schema', schema: 'tenant_schema_co' },
      {
        id: 'db-co',
        name: 'Db Co',
        isolation: 'database',
        databaseUrl: 'postgresql://db.test/tenant_db_co',
      },
    ],
  });
  const orms = fakeOrmFactory();
  const pool = new TenantDatabasePool({ init: orms.init, every: manualTimer().every });
  return { registry, pool, orms, targets: new RegistryStorageTargets(registry, pool) };
}

const currentFor = (targets: RegistryStorageTargets, tenantId: string) =>
  runInContext({ tenantId }, () => targets.current());

describe('RegistryStorageTargets', () => {
  it('answers the shared target outside a context and in a context without tenant', () => {
    const { targets } = setup();
    expect(targets.current()).toBe(SHARED_STORAGE_TARGET);
    expect(runInContext({}, () => targets.current())).toBe(SHARED_STORAGE_TARGET);
  });

  it('refuses to guess the target of a tenant that was not prepared', () => {
    const { targets } = setup();
    for (const id of ['shared-co', 'schema-co', 'db-co', 'nobody']) {
      let error: unknown;
      try {
        currentFor(targets, id);
      } catch (e) {
        error = e;
      }
      expect(isTenantStorageNotPreparedError(error)).toBe(true);
      expect(error).toMatchObject({ tenantId: id });
    }
  });

  it('maps a shared tenant to the shared target', async () => {
    const { targets } = setup();
    await expect(targets.prepare('shared-co')).resolves.toBe(SHARED_STORAGE_TARGET);
    expect(currentFor(targets, 'shared-co')).toBe(SHARED_STORAGE_TARGET);
  });

  it('maps a schema tenant to its schema, the same target object every time', async () => {
    const { targets } = setup();
    const target = await targets.prepare('schema-co');
    expect(target).toEqual({
      key: 'schema:tenant_schema_co',
      tenantId: 'schema-co',
      schema: 'tenant_schema_co',
    });
    expect(currentFor(targets, 'schema-co')).toBe(target);
    expect(Object.isFrozen(target)).toBe(true);
  });

  it('maps a database tenant to its own connected MikroORM from the pool', async () => {
    const { targets, pool, orms } = setup();
    const target = await targets.prepare('db-co');
    expect(target).toEqual({
      key: 'database:db-co',
      tenantId: 'db-co',
      connection: orms.created[0],
    });
    expect(pool.isOpen('db-co')).toBe(true);
    expect(currentFor(targets, 'db-co')).toBe(target);
  });

  it('rejects an unknown tenant', async () => {
    const { targets } = setup();
    const error = await targets.prepare('nobody').catch((e: unknown) => e);
    expect(isUnknownTenantError(error)).toBe(true);
  });

  it('lists the schema and database targets as dedicated, without connecting databases', async () => {
    const { targets, pool } = setup();
    const dedicated = await targets.dedicated();
    expect(dedicated.map((t) => t.key)).toEqual(['database:db-co', 'schema:tenant_schema_co']);
    expect(dedicated[0]!.connection).toBeDefined();
    expect(pool.isOpen('db-co')).toBe(false);
    expect(currentFor(targets, 'schema-co')).toBe(dedicated[1]);
  });

  it('refresh() teaches current() every tenant; a database still needs its ORM', async () => {
    const { targets } = setup();
    await targets.refresh();
    expect(currentFor(targets, 'shared-co')).toBe(SHARED_STORAGE_TARGET);
    expect(currentFor(targets, 'schema-co').schema).toBe('tenant_schema_co');
    expect(() => currentFor(targets, 'db-co')).toThrow(/was not prepared/);
  });

  it('tells onAdded listeners about added dedicated tenants, until they unsubscribe', async () => {
    const { targets, registry } = setup();
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const seen: StorageTarget[] = [];
    targets.onAdded(() => {
      throw new Error('a broken listener');
    });
    const stop = targets.onAdded((target) => seen.push(target));
    const tenant = await registry.create({
      id: 'new-co',
      name: 'New',
      isolation: 'schema',
      schema: 'tenant_new_co',
    });
    const added = await targets.added(tenant);
    await targets.added(await registry.create({ id: 'plain', name: 'Plain', isolation: 'shared' }));
    const db = databaseTenant('new-db');
    const addedDb = await targets.added(db);
    stop();
    await targets.added(
      await registry.create({ ...databaseTenant('late'), databaseUrl: 'postgresql://h/late' }),
    );
    expect(seen).toEqual([added, addedDb]);
    expect(logged.mock.calls.map(([message]) => message)).toEqual([
      'A storage-target listener failed for tenant "new-co"',
      'A storage-target listener failed for tenant "new-db"',
      'A storage-target listener failed for tenant "late"',
    ]);
    logged.mockRestore();
    expect(currentFor(targets, 'new-co')).toBe(added);
    expect(currentFor(targets, 'plain')).toBe(SHARED_STORAGE_TARGET);
  });
});
