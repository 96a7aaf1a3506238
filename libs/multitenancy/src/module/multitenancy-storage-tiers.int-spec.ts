import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CqrsDddModule, EventStore, StorageTargets } from '@cqrs-ddd/core';
import { EventStoreModule } from '@cqrs-ddd/event-store';
import { MikroORM } from '@mikro-orm/core';
import { type SqlEntityManager } from '@mikro-orm/postgresql';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { TenantContext } from '../context/tenant-context.service.js';
import { TenantProvisioner } from '../provisioning/tenant.provisioner.js';
import { TenantRegistry } from '../registry/tenant-registry.port.js';
import type { NewTenant } from '../registry/tenant.js';
import { RegistryStorageTargets } from '../storage/registry-storage.targets.js';
import { MultitenancyModule } from './multitenancy.module.js';
import { PlaceOrder, PlaceOrderHandler } from './multitenancy-test-app.fixture.js';

describe('MultitenancyModule: shared, schema and database tenants side by side in one app', () => {
  const suffix = randomBytes(4).toString('hex');
  const registrySchema = `tenants_${suffix}`;
  const shared = `shared-${suffix}`;
  const schemaTenant = `schema-${suffix}`;
  const databaseTenant = `db-${suffix}`;
  const tenantSchema = `tenant_schema_${suffix}`;
  const tenantDatabase = `tenant_db_${suffix}`;
  const tenants: NewTenant[] = [
    { id: shared, name: 'Shared', isolation: 'shared' },
    { id: schemaTenant, name: 'Schema', isolation: 'schema' },
    { id: databaseTenant, name: 'Database', isolation: 'database' },
  ];
  const apps: TestingModule[] = [];

  async function boot(): Promise<TestingModule> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        testMikroOrmModule({ registerRequestContext: false }),
        CqrsDddModule.forRoot({ context: { http: false }, pipeline: { logging: false } }),
        MultitenancyModule.forRoot({
          registry: 'postgres',
          registryOptions: { schema: registrySchema },
          tenants,
        }),
        EventStoreModule.forRoot({ driver: 'postgres', postgres: { migrate: true } }),
      ],
      providers: [PlaceOrderHandler],
    }).compile();
    apps.push(moduleRef);
    await moduleRef.init();
    return moduleRef;
  }

  const appEm = () => apps[0]!.get(MikroORM).em as unknown as SqlEntityManager;

  /** Stream ids of the events stored in `table` (schema-qualified), as the login role sees them. */
  const streamsIn = async (em: SqlEntityManager, table: string) =>
    (
      await em.execute<{ stream_id: string; tenant_id: string | null }[]>(
        `SELECT stream_id, tenant_id FROM ${table} WHERE stream_id LIKE ? ORDER BY stream_id`,
        [`%-${suffix}`],
      )
    ).map((row) => `${row.stream_id}@${row.tenant_id}`);

  let app: TestingModule;

  beforeAll(async () => {
    app = await boot();
  });

  afterAll(async () => {
    for (const moduleRef of apps) await moduleRef.close();
    // The file's own database (schemas included) is dropped after it; databases are not.
    const em = appEm();
    await em.execute(`DROP DATABASE IF EXISTS "${tenantDatabase}" WITH (FORCE)`);
    await apps[0]!.get(MikroORM).close();
  });

  it('provisions the schema and database tenants of `tenants` and provides StorageTargets', async () => {
    const registry = app.get(TenantRegistry);
    expect(await registry.find(schemaTenant)).toMatchObject({
      isolation: 'schema',
      schema: tenantSchema,
    });
    expect((await registry.find(databaseTenant))?.databaseUrl).toContain(`/${tenantDatabase}`);
    expect(app.get(StorageTargets)).toBe(app.get(RegistryStorageTargets));
    expect(app.get(TenantProvisioner)).toBeInstanceOf(TenantProvisioner);
    const [found] = await appEm().execute<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM pg_database WHERE datname = ?',
      [tenantDatabase],
    );
    expect(found!.n).toBe(1);
  });

  it("stores each tenant's events in its own tier, and no tenant reads another's", async () => {
    const bus = app.get(CommandBus);
    const context = app.get(TenantContext);
    for (const tenant of [shared, schemaTenant, databaseTenant]) {
      await context.run(tenant, () => bus.execute(new PlaceOrder(`order-${tenant}`)));
    }
    const em = appEm();
    expect(await streamsIn(em, 'public.cqrs_messages')).toEqual([`order-${shared}@${shared}`]);
    expect(await streamsIn(em, `"${tenantSchema}".cqrs_messages`)).toEqual([
      `order-${schemaTenant}@${schemaTenant}`,
    ]);
    const targets = app.get(RegistryStorageTargets);
    const databaseTarget = await targets.prepare(databaseTenant);
    const tenantEm = (databaseTarget.connection as MikroORM).em as unknown as SqlEntityManager;
    expect(await streamsIn(tenantEm.fork(), 'public.cqrs_messages')).toEqual([
      `order-${databaseTenant}@${databaseTenant}`,
    ]);

    const events = app.get(EventStore);
    const read = async (tenant: string, streamId: string) =>
      context.run(tenant, async () => {
        const types: string[] = [];
        for await (const event of events.readStream(streamId)) types.push(event.type);
        return types;
      });
    for (const reader of [shared, schemaTenant, databaseTenant]) {
      for (const owner of [shared, schemaTenant, databaseTenant]) {
        const expected = reader === owner ? ['order.placed'] : [];
        expect(await read(reader, `order-${owner}`)).toEqual(expected);
      }
    }
  });

  it('a restarted instance finds the provisioned tenants and their events (nothing provisioned twice)', async () => {
    const restarted = await boot();
    const events = restarted.get(EventStore);
    const context = restarted.get(TenantContext);
    for (const tenant of [schemaTenant, databaseTenant]) {
      const versions = await context.run(tenant, async () => {
        const seen: number[] = [];
        for await (const event of events.readStream(`order-${tenant}`)) seen.push(event.version);
        return seen;
      });
      expect(versions).toEqual([1]);
    }
    expect(
      (await restarted.get(TenantRegistry).list()).filter((t) => t.id.endsWith(suffix)),
    ).toHaveLength(3);
  });
});
