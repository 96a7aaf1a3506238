import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { EventStore, runInContext } from '@cqrs-ddd/core';
import type { INestApplication } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { TenantContext } from '../context/tenant-context.service.js';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { TenantRequiredError } from '../errors/tenant-required.error.js';
import { TenantSuspendedError } from '../errors/tenant-suspended.error.js';
import { UnknownTenantError } from '../errors/unknown-tenant.error.js';
import type { NewTenant } from '../registry/tenant.js';
import {
  ListPlans,
  PlaceOrder,
  RecordingExceptionFilter,
  type Seen,
  TestAppModule,
  WhichTenant,
} from './multitenancy-test-app.fixture.js';

const tenants: NewTenant[] = [
  { id: 'acme', name: 'Acme', isolation: 'shared' },
  { id: 'globex', name: 'Globex', isolation: 'shared' },
  { id: 'initech', name: 'Initech', isolation: 'shared', status: 'suspended' },
];

describe('MultitenancyModule in a Nest HTTP app (memory registry)', () => {
  let app: INestApplication;
  let moduleRef: TestingModule;
  const user = (tenant?: string, roles = '') => ({
    'X-Test-User': 'u1',
    ...(tenant ? { 'X-Test-Tenant': tenant } : {}),
    ...(roles ? { 'X-Test-Roles': roles } : {}),
  });

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [TestAppModule.forRoot({ registry: 'memory', tenants })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(() => {
    RecordingExceptionFilter.caught.length = 0;
  });

  const eventsOf = async (streamId: string) => {
    const events = [];
    for await (const event of moduleRef.get(EventStore).readStream(streamId)) events.push(event);
    return events;
  };

  it("puts the principal's tenant into the context: guard, handler and event metadata see it", async () => {
    const response = await request(app.getHttpServer())
      .post('/orders')
      .set(user('acme'))
      .send({ orderId: 'o-1' })
      .expect(201);
    expect(response.body).toEqual({
      tenantId: 'acme',
      eventTenantId: 'acme',
      guardTenantId: 'acme',
    });
    const [event] = await eventsOf('o-1');
    expect(event?.metadata).toMatchObject({ tenantId: 'acme', actor: 'u1' });
    await request(app.getHttpServer())
      .get('/tenant')
      .set(user('globex'))
      .expect(200, { tenantId: 'globex' });
  });

  it('accepts an X-Tenant-Id equal to the token tenant', async () => {
    await request(app.getHttpServer())
      .get('/tenant')
      .set({ ...user('acme'), 'X-Tenant-Id': 'acme' })
      .expect(200, { tenantId: 'acme' });
  });

  it('refuses a spoofed X-Tenant-Id with TenantMismatchError, before the handler runs', async () => {
    const response = await request(app.getHttpServer())
      .post('/orders')
      .set({ ...user('acme'), 'X-Tenant-Id': 'globex' })
      .send({ orderId: 'o-spoofed' })
      .expect(403);
    expect(response.body.code).toBe('TENANT_MISMATCH');
    expect(RecordingExceptionFilter.caught).toHaveLength(1);
    expect(RecordingExceptionFilter.caught[0]).toBeInstanceOf(TenantMismatchError);
    await expect(eventsOf('o-spoofed')).resolves.toEqual([]);
  });

  it('lets a platform admin pick the tenant with X-Tenant-Id', async () => {
    const response = await request(app.getHttpServer())
      .post('/orders')
      .set({ ...user(undefined, 'platform-admin'), 'X-Tenant-Id': 'globex' })
      .send({ orderId: 'o-admin' })
      .expect(201);
    expect(response.body).toMatchObject({ tenantId: 'globex', eventTenantId: 'globex' });
  });

  it('answers TenantRequiredError without a tenant', async () => {
    for (const headers of [{}, user()]) {
      const response = await request(app.getHttpServer()).get('/tenant').set(headers).expect(400);
      expect(response.body.code).toBe('TENANT_REQUIRED');
    }
    expect(RecordingExceptionFilter.caught[0]).toBeInstanceOf(TenantRequiredError);
  });

  it('refuses unknown, suspended and malformed tenants', async () => {
    const unknown = await request(app.getHttpServer()).get('/tenant').set(user('umbrella'));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'TENANT_NOT_FOUND']);
    const suspended = await request(app.getHttpServer()).get('/tenant').set(user('initech'));
    expect([suspended.status, suspended.body.code]).toEqual([403, 'TENANT_SUSPENDED']);
    const malformed = await request(app.getHttpServer())
      .get('/tenant')
      .set({ ...user(undefined, 'platform-admin'), 'X-Tenant-Id': 'Acme Corp' });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'INVALID_TENANT_ID']);
  });

  it('lets a @TenantAgnostic route through without tenant, and still checks a given one', async () => {
    await request(app.getHttpServer()).get('/plans').expect(200, { tenantId: null });
    await request(app.getHttpServer()).get('/plans').set(user('acme')).expect(200, {
      tenantId: 'acme',
    });
    const suspended = await request(app.getHttpServer()).get('/plans').set(user('initech'));
    expect(suspended.body.code).toBe('TENANT_SUSPENDED');
    const spoofed = await request(app.getHttpServer())
      .get('/plans')
      .set({ ...user('acme'), 'X-Tenant-Id': 'globex' });
    expect(spoofed.body.code).toBe('TENANT_MISMATCH');
  });

  it('runs a command for a tenant with TenantContext.run', async () => {
    const tenantContext = moduleRef.get(TenantContext);
    const seen = await tenantContext.run('acme', () =>
      moduleRef.get(CommandBus).execute<PlaceOrder, Seen>(new PlaceOrder('o-cli')),
    );
    expect(seen).toEqual({ tenantId: 'acme', eventTenantId: 'acme' });
    await expect(tenantContext.run('initech', () => 'never')).rejects.toBeInstanceOf(
      TenantSuspendedError,
    );
  });

  it('refuses commands without a tenant at the bus, whatever the entry point', async () => {
    const commandBus = moduleRef.get(CommandBus);
    await expect(commandBus.execute(new PlaceOrder('o-none'))).rejects.toBeInstanceOf(
      TenantRequiredError,
    );
    await expect(
      runInContext({}, () => commandBus.execute(new PlaceOrder('o-none'))),
    ).rejects.toBeInstanceOf(TenantRequiredError);
    await expect(eventsOf('o-none')).resolves.toEqual([]);
  });

  it('runs a @TenantAgnostic query without a tenant', async () => {
    await expect(moduleRef.get(QueryBus).execute(new ListPlans())).resolves.toEqual({
      tenantId: null,
    });
    await expect(moduleRef.get(QueryBus).execute(new WhichTenant())).rejects.toBeInstanceOf(
      TenantRequiredError,
    );
  });

  it('checks tenants that arrive without the guard (consumers, workers): unknown and suspended', async () => {
    const commandBus = moduleRef.get(CommandBus);
    await expect(
      runInContext({ tenantId: 'initech' }, () => commandBus.execute(new PlaceOrder('o-susp'))),
    ).rejects.toBeInstanceOf(TenantSuspendedError);
    await expect(
      runInContext({ tenantId: 'umbrella' }, () => commandBus.execute(new PlaceOrder('o-unk'))),
    ).rejects.toBeInstanceOf(UnknownTenantError);
    await expect(
      runInContext({ tenantId: 'globex' }, () => commandBus.execute(new PlaceOrder('o-ok'))),
    ).resolves.toEqual({ tenantId: 'globex', eventTenantId: 'globex' });
  });
});

describe('MultitenancyModule after an authentication guard of the root module', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TestAppModule.forRoot({ tenants }, [], 'guard')],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sees the principal the earlier global guard put into the request context', async () => {
    const acme = { 'X-Test-User': 'u1', 'X-Test-Tenant': 'acme' };
    await request(app.getHttpServer()).get('/tenant').set(acme).expect(200, { tenantId: 'acme' });
    const spoofed = await request(app.getHttpServer())
      .get('/tenant')
      .set({ ...acme, 'X-Tenant-Id': 'globex' });
    expect(spoofed.body.code).toBe('TENANT_MISMATCH');
  });
});

describe('MultitenancyModule with guard: false', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TestAppModule.forRoot({ tenants, guard: false })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('registers no global guard: only the pipeline step checks the tenant', async () => {
    const spoofed = { 'X-Test-User': 'u1', 'X-Test-Tenant': 'acme', 'X-Tenant-Id': 'globex' };
    await request(app.getHttpServer()).get('/plans').set(spoofed).expect(200, { tenantId: null });
    const response = await request(app.getHttpServer()).get('/tenant').set(spoofed).expect(400);
    expect(response.body).toMatchObject({ code: 'TENANT_REQUIRED' });
    expect(response.body.message).toContain('The query "WhichTenant"');
  });
});
