import { describe, expect, it } from '@jest/globals';
import { isValidationError } from '@cqrs-ddd/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { isInvalidTenantIdError } from '../errors/invalid-tenant-id.error.js';
import { InMemoryTenantRegistry } from '../registry/in-memory-tenant.registry.js';
import type { NewTenant } from '../registry/tenant.js';
import { RegistryStorageTargets } from '../storage/registry-storage.targets.js';
import { TenantDatabasePool } from '../storage/tenant-database.pool.js';
import { defaultTenantStorageName } from './tenant-provisioner.options.js';
import { TenantProvisioner } from './tenant.provisioner.js';

/** An ORM that fails the test if the provisioner touches the database. */
const untouchable = new Proxy(
  {},
  {
    get: (_target, property) => {
      throw new Error(`the database was used (orm.${String(property)})`);
    },
  },
) as MikroORM;

function setup() {
  const registry = new InMemoryTenantRegistry({
    tenants: [{ id: 'acme', name: 'Acme', isolation: 'shared' }],
  });
  const pool = new TenantDatabasePool();
  const targets = new RegistryStorageTargets(registry, pool);
  const provisioner = new TenantProvisioner({ registry, targets, pool, orm: untouchable });
  return { registry, provisioner };
}

const rejection = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);

describe('TenantProvisioner (validation, no database)', () => {
  it('names schemas and databases tenant_<id> with - replaced by _', () => {
    expect(defaultTenantStorageName('acme-eu-1')).toBe('tenant_acme_eu_1');
  });

  it('rejects a malformed id before creating anything', async () => {
    const { provisioner } = setup();
    const error = await rejection(
      provisioner.create({ id: 'Not Valid', name: 'X', isolation: 'schema' }),
    );
    expect(isInvalidTenantIdError(error)).toBe(true);
  });

  it("rejects with the registry's rules (name, tier fields) before creating anything", async () => {
    const { provisioner } = setup();
    const cases: NewTenant[] = [
      { id: 'a', name: ' ', isolation: 'schema' },
      { id: 'b', name: 'B', isolation: 'schema', schema: 'public' },
      { id: 'c', name: 'C', isolation: 'database', schema: 'tenant_c' },
      { id: 'd', name: 'D', isolation: 'database', databaseUrl: 'mysql://h/d' },
      { id: 'e', name: 'E', isolation: 'nosql' as never },
    ];
    for (const input of cases) {
      const error = await rejection(provisioner.create(input));
      expect(isValidationError(error)).toBe(true);
    }
  });

  it('rejects an id too long for the default schema or database name', async () => {
    const { provisioner } = setup();
    const id = 'x'.repeat(60);
    const schema = await rejection(provisioner.create({ id, name: 'X', isolation: 'schema' }));
    expect(schema).toMatchObject({ issues: [{ path: 'schema' }] });
    const database = await rejection(provisioner.create({ id, name: 'X', isolation: 'database' }));
    expect(database).toMatchObject({ issues: [{ path: 'databaseUrl', rule: 'isDatabaseName' }] });
  });

  it('suspends and reactivates through the registry', async () => {
    const { provisioner, registry } = setup();
    await expect(provisioner.suspend('acme')).resolves.toMatchObject({ status: 'suspended' });
    expect((await registry.find('acme'))?.status).toBe('suspended');
    await expect(provisioner.activate('acme')).resolves.toMatchObject({ status: 'active' });
  });

  it('migrateAll has nothing to do without dedicated tenants', async () => {
    const { provisioner } = setup();
    provisioner.addMigrator(async () => {
      throw new Error('must not run');
    });
    await expect(provisioner.migrateAll()).resolves.toEqual([]);
  });
});
