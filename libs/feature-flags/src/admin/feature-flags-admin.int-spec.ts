import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessControlModule } from '@cqrs-ddd/access-control';
import { AuditSink, FeatureFlagProvider, InMemoryAuditSink } from '@cqrs-ddd/core';
import { uniqueName } from '@cqrs-ddd/core/testing';
import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  asCaller,
  PRINCIPAL_HEADER,
  principalOf,
  startFlagsApp,
} from '../enforcement/feature-flags-http.fixture.js';
import { FeatureFlagsModule } from '../module/feature-flags.module.js';

const ROLES = {
  'flag-reader': ['feature-flags:read'],
  'flag-admin': { inherits: ['flag-reader'], permissions: ['feature-flags:manage'] },
  'platform-admin': ['feature-flags:*'],
};

describe('FeatureFlagsAdminController (PostgreSQL, access control, audit)', () => {
  let app: INestApplication;
  let flags: FeatureFlagProvider;
  const audit = new InMemoryAuditSink();
  const acmeAdmin = asCaller(principalOf('ann', 'acme', ['flag-admin']));
  const acmeReader = asCaller(principalOf('rob', 'acme', ['flag-reader']));
  const acmeNobody = asCaller(principalOf('nel', 'acme', []));
  const globexAdmin = asCaller(principalOf('gus', 'globex', ['flag-admin']));
  const platformAdmin = asCaller(principalOf('root', undefined, ['platform-admin']));

  beforeAll(async () => {
    app = await startFlagsApp({
      imports: [
        testMikroOrmModule(),
        AccessControlModule.forRoot({ rbac: { roles: ROLES }, defaultDecision: 'allow' }),
        FeatureFlagsModule.forRoot({
          provider: 'postgres',
          postgres: { schema: uniqueName('ffa') },
          flags: [{ key: 'seeded', enabled: true, defaultValue: true }],
          adminApi: true,
        }),
      ],
      providers: [{ provide: AuditSink, useValue: audit }],
    });
    flags = app.get(FeatureFlagProvider);
  });

  afterAll(async () => {
    await app?.close();
  });

  const call = (caller: string | undefined) => {
    const server = request(app.getHttpServer());
    const as = <T extends { set(name: string, value: string): T }>(test: T) =>
      caller === undefined ? test : test.set(PRINCIPAL_HEADER, caller);
    return {
      get: (path: string) => as(server.get(path)),
      post: (path: string, body: object) => as(server.post(path)).send(body),
      put: (path: string, body: object) => as(server.put(path)).send(body),
      delete: (path: string) => as(server.delete(path)),
    };
  };

  it('refuses callers without the permission (401 anonymous, 403 otherwise)', async () => {
    await call(undefined).get('/feature-flags').expect(401);
    await call(acmeNobody).get('/feature-flags').expect(403);
    await call(acmeReader).get('/feature-flags').expect(200, { items: [] });
    await call(acmeReader)
      .post('/feature-flags', { key: 'x', enabled: true, defaultValue: true })
      .expect(403);
    await call(acmeReader).delete('/feature-flags/seeded?scope=global').expect(403);
    expect(await flags.isEnabled('x', { tenantId: 'acme' })).toBe(false);
  });

  it("creates, reads, updates and deletes a tenant's flag with versions, each change audited", async () => {
    const admin = call(acmeAdmin);
    const created = await admin
      .post('/feature-flags', { key: 'beta', enabled: true, defaultValue: true })
      .expect(201);
    expect(created.body).toMatchObject({
      key: 'beta',
      tenantId: 'acme',
      version: 1,
      updatedBy: 'ann',
      definition: { key: 'beta', enabled: true, defaultValue: true },
    });
    // Served by this instance as soon as the call returns, for that tenant only.
    await expect(flags.isEnabled('beta', { tenantId: 'acme' })).resolves.toBe(true);
    await expect(flags.isEnabled('beta', { tenantId: 'globex' })).resolves.toBe(false);

    await admin.get('/feature-flags/beta').expect(200);
    const listed = await call(acmeReader).get('/feature-flags').expect(200);
    expect(listed.body.items.map((flag: { key: string }) => flag.key)).toEqual(['beta']);

    const updated = await admin
      .put('/feature-flags/beta', { enabled: false, defaultValue: true, expectedVersion: 1 })
      .expect(200);
    expect(updated.body).toMatchObject({ version: 2, definition: { enabled: false } });
    await expect(flags.isEnabled('beta', { tenantId: 'acme' })).resolves.toBe(false);

    const stale = await admin
      .put('/feature-flags/beta', { enabled: true, defaultValue: true, expectedVersion: 1 })
      .expect(409);
    expect(stale.body.code).toBe('CONCURRENCY_CONFLICT');
    await admin
      .post('/feature-flags', { key: 'beta', enabled: true, defaultValue: true })
      .expect(409);

    await admin.delete('/feature-flags/beta?expectedVersion=1').expect(409);
    await admin.delete('/feature-flags/beta?expectedVersion=2').expect(204);
    await admin.get('/feature-flags/beta').expect(404);

    const trail = await audit.query({
      tenantId: 'acme',
      resourceType: 'feature-flag',
      resourceId: 'beta',
    });
    expect(
      [...trail.items]
        .reverse()
        .map(({ action, actor, outcome, details }) => ({ action, actor, outcome, details })),
    ).toEqual([
      {
        action: 'feature-flag:create',
        actor: { id: 'ann', authMethod: 'jwt' },
        outcome: 'success',
        details: { scope: 'tenant', version: 1 },
      },
      {
        action: 'feature-flag:update',
        actor: { id: 'ann', authMethod: 'jwt' },
        outcome: 'success',
        details: { scope: 'tenant', version: 2 },
      },
      {
        action: 'feature-flag:delete',
        actor: { id: 'ann', authMethod: 'jwt' },
        outcome: 'success',
        details: { scope: 'tenant', version: 2 },
      },
    ]);
  });

  it("keeps tenants apart: another tenant's admin neither sees nor changes the overrides", async () => {
    await call(acmeAdmin)
      .post('/feature-flags', { key: 'acme-thing', enabled: true, defaultValue: 'a' })
      .expect(201);
    await call(globexAdmin).get('/feature-flags').expect(200, { items: [] });
    await call(globexAdmin).get('/feature-flags/acme-thing').expect(404);
    await call(globexAdmin).delete('/feature-flags/acme-thing').expect(404);
    await call(acmeAdmin).get('/feature-flags/acme-thing').expect(200);
  });

  it('needs feature-flags:manage-global for the global scope, audited as platform entries', async () => {
    await call(acmeAdmin).get('/feature-flags?scope=global').expect(403);
    await call(acmeAdmin)
      .post('/feature-flags?scope=global', { key: 'everyone', enabled: true, defaultValue: true })
      .expect(403);
    const seeded = await call(platformAdmin).get('/feature-flags?scope=global').expect(200);
    expect(seeded.body.items.map((flag: { key: string }) => flag.key)).toEqual(['seeded']);
    await call(platformAdmin)
      .post('/feature-flags?scope=global', { key: 'everyone', enabled: true, defaultValue: true })
      .expect(201);
    await expect(flags.isEnabled('everyone', { tenantId: 'anyone' })).resolves.toBe(true);
    const trail = await audit.query({ tenantId: null, action: 'feature-flag:create' });
    expect(trail.items).toEqual([
      expect.objectContaining({
        resource: { type: 'feature-flag', id: 'everyone' },
        actor: { id: 'root', authMethod: 'jwt' },
        details: { scope: 'global', version: 1 },
      }),
    ]);
    // The platform admin has no tenant: the tenant scope needs one.
    const noTenant = await call(platformAdmin).get('/feature-flags').expect(400);
    expect(noTenant.body.issues).toEqual([expect.objectContaining({ path: 'scope' })]);
  });

  it('answers 400 listing every invalid field, changing nothing', async () => {
    const admin = call(acmeAdmin);
    const bad = await admin
      .post('/feature-flags', {
        key: 'has spaces',
        enabled: 'yes',
        defaultValue: true,
        rollout: { percentage: 150, value: true },
        colour: 'red',
      })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      'colour',
      'enabled',
      'key',
      'rollout.percentage',
    ]);
    const noVersion = await admin
      .put('/feature-flags/seeded', { enabled: true, defaultValue: true })
      .expect(400);
    expect(noVersion.body.issues).toEqual([expect.objectContaining({ path: 'expectedVersion' })]);
    const otherKey = await admin
      .put('/feature-flags/a', { key: 'b', enabled: true, defaultValue: true, expectedVersion: 1 })
      .expect(400);
    expect(otherKey.body.issues).toEqual([expect.objectContaining({ path: 'key' })]);
    await admin.get('/feature-flags?scope=everywhere').expect(400);
    await admin.delete('/feature-flags/seeded?expectedVersion=abc').expect(400);
    await call(acmeReader).get('/feature-flags/has%20spaces').expect(400);
    expect((await call(acmeReader).get('/feature-flags').expect(200)).body.items).toEqual([
      expect.objectContaining({ key: 'acme-thing' }),
    ]);
  });
});
