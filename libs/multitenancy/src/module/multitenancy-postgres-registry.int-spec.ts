import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { runInContext } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { MikroORM } from '@mikro-orm/core';
import { type SqlEntityManager } from '@mikro-orm/postgresql';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { TenantContext } from '../context/tenant-context.service.js';
import { TenantSuspendedError } from '../errors/tenant-suspended.error.js';
import { TenantRegistry } from '../registry/tenant-registry.port.js';
import type { NewTenant } from '../registry/tenant.js';
import { PlaceOrder, type Seen, TestAppModule } from './multitenancy-test-app.fixture.js';

const tenants: NewTenant[] = [
  { id: 'acme', name: 'Acme', isolation: 'shared' },
  { id: 'globex', name: 'Globex', isolation: 'shared' },
  { id: 'initech', name: 'Initech', isolation: 'shared', status: 'suspended' },
];

describe("MultitenancyModule with registry 'postgres'", () => {
  const schema = `tenants_${randomBytes(6).toString('hex')}`;
  const apps: TestingModule[] = [];

  async function boot(registryCacheTtlMs?: number): Promise<TestingModule> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TestAppModule.forRoot(
          { registry: 'postgres', registryOptions: { schema }, registryCacheTtlMs, tenants },
          [testMikroOrmModule()],
        ),
      ],
    }).compile();
    await moduleRef.init();
    apps.push(moduleRef);
    return moduleRef;
  }

  afterAll(async () => {
    const em = apps[0]?.get(MikroORM).em as SqlEntityManager | undefined;
    await em?.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    for (const moduleRef of apps.reverse()) await moduleRef.close();
  });

  it('migrates the table and seeds the tenants at start-up, idempotently across instances', async () => {
    const [first, second] = await Promise.all([boot(), boot()]);
    const em = first!.get(MikroORM).em as SqlEntityManager;
    const rows = await em.execute<{ id: string; status: string }[]>(
      `SELECT id, status FROM "${schema}".cqrs_tenants ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'acme', status: 'active' },
      { id: 'globex', status: 'active' },
      { id: 'initech', status: 'suspended' },
    ]);
    const seen = await second!
      .get(TenantContext)
      .run('globex', () =>
        second!.get(CommandBus).execute<PlaceOrder, Seen>(new PlaceOrder('p-1')),
      );
    expect(seen).toEqual({ tenantId: 'globex', eventTenantId: 'globex' });
    const third = await boot();
    await expect(third.get(TenantRegistry).list()).resolves.toHaveLength(3);
  });

  it("sees another instance's suspension once the cache entry expires", async () => {
    const writer = await boot(0);
    const reader = await boot(50);
    const commandBus = reader.get(CommandBus);
    const place = (id: string) =>
      runInContext({ tenantId: 'acme' }, () => commandBus.execute(new PlaceOrder(id)));
    await expect(place('p-2')).resolves.toMatchObject({ tenantId: 'acme' });
    await writer.get(TenantRegistry).update('acme', { status: 'suspended' });
    const outcome = await pollUntil(
      () =>
        place('p-3').then(
          () => 'ran',
          (error: unknown) => error,
        ),
      (value) => value !== 'ran',
    );
    expect(outcome).toBeInstanceOf(TenantSuspendedError);
    await writer.get(TenantRegistry).update('acme', { status: 'active' });
  });
});
