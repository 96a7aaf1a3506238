import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { describeTenantRegistryContract } from '../testing/tenant-registry.contract.js';
import { PostgresTenantRegistry } from './postgres-tenant.registry.js';
import { migrateTenantRegistry, tenantRegistryNames } from './tenant-registry.schema.js';

describe('PostgresTenantRegistry', () => {
  let orm: MikroORM;
  let other: MikroORM;
  beforeAll(async () => {
    orm = await createTestOrm();
    other = await createTestOrm();
  });
  afterAll(async () => {
    await other.close();
    await orm.close();
  });

  const uniqueSchema = () => `tenants_${randomBytes(6).toString('hex')}`;
  const dropSchema = async (schema: string) => {
    await orm.em.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };

  describeTenantRegistryContract('postgres, fake clock', async () => {
    const schema = uniqueSchema();
    const clock = new FakeClock();
    await migrateTenantRegistry(orm.em, { schema, tablePrefix: 't_' });
    return {
      registry: new PostgresTenantRegistry(orm.em, { schema, tablePrefix: 't_', clock }),
      advanceTime: (ms) => clock.advance(ms),
      dispose: () => dropSchema(schema),
    };
  });

  describeTenantRegistryContract('postgres, system clock, no prefix', async () => {
    const schema = uniqueSchema();
    await migrateTenantRegistry(orm.em, { schema, tablePrefix: '' });
    return {
      registry: new PostgresTenantRegistry(orm.em, { schema, tablePrefix: '' }),
      dispose: () => dropSchema(schema),
    };
  });

  it('migrates concurrently from two instances, which then share the tenants', async () => {
    const schema = uniqueSchema();
    await Promise.all([
      migrateTenantRegistry(orm.em, { schema }),
      migrateTenantRegistry(other.em, { schema }),
      migrateTenantRegistry(other.em, { schema }),
    ]);
    await migrateTenantRegistry(orm.em, { schema });
    const first = new PostgresTenantRegistry(orm.em, { schema });
    const second = new PostgresTenantRegistry(other.em, { schema });
    const created = await first.create({ id: 'acme', name: 'Acme', isolation: 'shared' });
    expect(await second.find('acme')).toEqual(created);
    const [{ table }] = await orm.em.execute<{ table: string | null }[]>(
      `SELECT to_regclass(?)::text AS table`,
      [`"${schema}".cqrs_tenants`],
    );
    expect(table).toBe(`${schema}.cqrs_tenants`);
    await dropSchema(schema);
  });

  it('lets exactly one of 10 concurrent creates of one id succeed', async () => {
    const schema = uniqueSchema();
    await migrateTenantRegistry(orm.em, { schema });
    const registries = [orm, other].map((o) => new PostgresTenantRegistry(o.em, { schema }));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        registries[i % 2].create({ id: 'acme', name: `Acme ${i}`, isolation: 'shared' }),
      ),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(9);
    for (const r of rejected) {
      expect(r.reason).toMatchObject({ code: 'TENANT_ALREADY_EXISTS', tenantId: 'acme' });
    }
    expect(await registries[0].list()).toEqual([fulfilled[0].value]);
    await dropSchema(schema);
  });

  it('lets exactly one of concurrent creates claiming one schema succeed', async () => {
    const schema = uniqueSchema();
    await migrateTenantRegistry(orm.em, { schema });
    const registry = new PostgresTenantRegistry(orm.em, { schema });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        registry.create({ id: `t${i}`, name: 'T', isolation: 'schema', schema: 'tenant_same' }),
      ),
    );
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(5);
    for (const r of rejected) {
      expect(r.reason).toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ path: 'schema', rule: 'unique' })],
      });
    }
    expect(await registry.list()).toHaveLength(1);
    await dropSchema(schema);
  });

  it("joins the caller's transaction: a rolled back registration is not stored", async () => {
    const schema = uniqueSchema();
    await migrateTenantRegistry(orm.em, { schema });
    const failure = new Error('provisioning failed');
    await expect(
      orm.em.transactional(async (tx) => {
        await new PostgresTenantRegistry(tx, { schema }).create({
          id: 'acme',
          name: 'Acme',
          isolation: 'shared',
        });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await new PostgresTenantRegistry(orm.em, { schema }).find('acme')).toBeNull();
    await dropSchema(schema);
  });

  it('keeps each tier consistent in the table itself, for rows written by hand', async () => {
    const schema = uniqueSchema();
    await migrateTenantRegistry(orm.em, { schema });
    const insert = (values: string) =>
      orm.em.execute(
        `INSERT INTO "${schema}".cqrs_tenants
           (id, name, status, isolation, schema_name, database_url, created_at, updated_at)
         VALUES ${values}`,
      );
    await expect(
      insert(`('a', 'A', 'active', 'schema', NULL, NULL, now(), now())`),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      insert(`('a', 'A', 'active', 'shared', NULL, 'postgres://h/a', now(), now())`),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      insert(`('A', 'A', 'active', 'shared', NULL, NULL, now(), now())`),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      insert(`('a', 'A', 'deleted', 'shared', NULL, NULL, now(), now())`),
    ).rejects.toMatchObject({ code: '23514' });
    await insert(`('a', 'A', 'active', 'schema', 'tenant_a', NULL, now(), now())`);
    expect(await new PostgresTenantRegistry(orm.em, { schema }).find('a')).toMatchObject({
      isolation: 'schema',
      schema: 'tenant_a',
    });
    await dropSchema(schema);
  });

  it('collates ids as "C", so the table lists them in JavaScript order on any locale', async () => {
    const schema = uniqueSchema();
    await migrateTenantRegistry(orm.em, { schema });
    const rows = await orm.em.execute<{ collation_name: string }[]>(
      `SELECT collation_name FROM information_schema.columns
       WHERE table_schema = ? AND table_name = 'cqrs_tenants' AND column_name = 'id'`,
      [schema],
    );
    expect(rows).toEqual([{ collation_name: 'C' }]);
    await dropSchema(schema);
  });

  it('uses public.cqrs_tenants by default', async () => {
    await migrateTenantRegistry(orm.em);
    try {
      const registry = new PostgresTenantRegistry(orm.em);
      await registry.create({ id: 'acme', name: 'Acme', isolation: 'shared' });
      const rows = await orm.em.execute<{ id: string }[]>('SELECT id FROM public.cqrs_tenants');
      expect(rows).toEqual([{ id: 'acme' }]);
    } finally {
      await orm.em.execute('DROP TABLE IF EXISTS public.cqrs_tenants');
    }
  });

  it('refuses schema and prefix names that are not plain identifiers', async () => {
    const configurationError = expect.objectContaining({ code: 'MULTITENANCY_CONFIGURATION' });
    for (const options of [
      { schema: 'Bad"; DROP SCHEMA public; --' },
      { schema: '1x' },
      { schema: 'x'.repeat(64) },
      { tablePrefix: 'bad-prefix' },
      { tablePrefix: 'p'.repeat(39) },
    ]) {
      expect(() => tenantRegistryNames(options)).toThrow(configurationError);
      expect(() => new PostgresTenantRegistry(orm.em, options)).toThrow(configurationError);
      await expect(migrateTenantRegistry(orm.em, options)).rejects.toEqual(configurationError);
    }
    expect(tenantRegistryNames({ tablePrefix: 'p'.repeat(38) }).table).toBe(
      `"public"."${'p'.repeat(38)}tenants"`,
    );
  });
});
