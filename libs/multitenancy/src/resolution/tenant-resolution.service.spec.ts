import type { Principal } from '@cqrs-ddd/core';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidTenantIdError } from '../errors/invalid-tenant-id.error.js';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { TenantSuspendedError } from '../errors/tenant-suspended.error.js';
import { UnknownTenantError } from '../errors/unknown-tenant.error.js';
import { InMemoryTenantRegistry } from '../registry/in-memory-tenant.registry.js';
import type { TenantResolutionOptions } from './tenant-resolution.options.js';
import { TenantResolutionService } from './tenant-resolution.service.js';
import type { TenantResolutionInput } from './tenant-resolver.js';
import { TenantResolvers } from './tenant-resolvers.js';

const user = (tenantId: string | undefined, roles: string[] = []): Principal => ({
  id: 'u1',
  roles,
  authMethod: 'jwt',
  ...(tenantId === undefined ? {} : { tenantId }),
});
const admin = (tenantId?: string) => user(tenantId, ['platform-admin']);
const header = (tenantId: string) => ({ 'x-tenant-id': tenantId });

describe('TenantResolutionService', () => {
  let registry: InMemoryTenantRegistry;

  beforeEach(async () => {
    registry = new InMemoryTenantRegistry({
      tenants: [
        { id: 'acme', name: 'Acme', isolation: 'shared' },
        { id: 'globex', name: 'Globex', isolation: 'shared' },
        { id: 'initech', name: 'Initech', isolation: 'shared', status: 'suspended' },
      ],
    });
  });

  function service(options: Partial<TenantResolutionOptions> = {}): TenantResolutionService {
    return new TenantResolutionService(registry, {
      resolvers: [TenantResolvers.claim(), TenantResolvers.header()],
      platformAdminRole: 'platform-admin',
      trustUnauthenticatedSources: false,
      ...options,
    });
  }
  const resolveId = (input: TenantResolutionInput, options?: Partial<TenantResolutionOptions>) =>
    service(options).resolveId(input);

  it("takes the tenant from the principal's claim and returns the registered tenant", async () => {
    const tenant = await service().resolve({ headers: {}, principal: user('acme') });
    expect(tenant).toMatchObject({ id: 'acme', name: 'Acme', status: 'active' });
  });

  it('resolves no tenant when no resolver finds one', async () => {
    await expect(service().resolve({ headers: {} })).resolves.toBeUndefined();
    await expect(service().resolve({ headers: {}, principal: user(undefined) })).resolves.toBe(
      undefined,
    );
  });

  it('accepts a header equal to the token tenant', async () => {
    await expect(resolveId({ headers: header('acme'), principal: user('acme') })).resolves.toBe(
      'acme',
    );
  });

  it("refuses a spoofed header with a normal user's token, even when the claim comes first", async () => {
    const error = await resolveId({ headers: header('globex'), principal: user('acme') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TenantMismatchError);
    expect(error).toMatchObject({ claimed: 'acme', requested: 'globex', code: 'TENANT_MISMATCH' });
    const headerFirst = { resolvers: [TenantResolvers.header(), TenantResolvers.claim()] };
    await expect(
      resolveId({ headers: header('globex'), principal: user('acme') }, headerFirst),
    ).rejects.toBeInstanceOf(TenantMismatchError);
  });

  it('refuses a header from an authenticated principal without tenant nor admin role', async () => {
    await expect(
      resolveId({ headers: header('acme'), principal: user(undefined, ['order:reader']) }),
    ).rejects.toMatchObject({ code: 'TENANT_MISMATCH', requested: 'acme' });
  });

  it('lets a platform admin choose any tenant, over its own token tenant', async () => {
    await expect(resolveId({ headers: header('globex'), principal: admin() })).resolves.toBe(
      'globex',
    );
    await expect(resolveId({ headers: header('globex'), principal: admin('acme') })).resolves.toBe(
      'globex',
    );
    await expect(resolveId({ headers: {}, principal: admin('acme') })).resolves.toBe('acme');
    const custom = { platformAdminRole: 'root' };
    await expect(
      resolveId({ headers: header('globex'), principal: admin('acme') }, custom),
    ).rejects.toBeInstanceOf(TenantMismatchError);
    await expect(
      resolveId({ headers: header('globex'), principal: user('acme', ['root']) }, custom),
    ).resolves.toBe('globex');
  });

  it('refuses client-chosen tenants of anonymous requests unless trustUnauthenticatedSources', async () => {
    await expect(resolveId({ headers: header('acme') })).rejects.toMatchObject({
      code: 'TENANT_MISMATCH',
      claimed: '(none)',
    });
    await expect(
      resolveId({ headers: header('acme') }, { trustUnauthenticatedSources: true }),
    ).resolves.toBe('acme');
    await expect(
      resolveId(
        { headers: header('acme'), principal: user('globex') },
        { trustUnauthenticatedSources: true },
      ),
    ).rejects.toBeInstanceOf(TenantMismatchError);
  });

  it('asks resolvers in order: the first value wins', async () => {
    const subdomain = TenantResolvers.subdomain({ baseDomain: 'example.com' });
    const trusted = { trustUnauthenticatedSources: true };
    const input = { headers: header('acme'), host: 'globex.example.com' };
    await expect(
      resolveId(input, { ...trusted, resolvers: [TenantResolvers.header(), subdomain] }),
    ).resolves.toBe('acme');
    await expect(
      resolveId(input, { ...trusted, resolvers: [subdomain, TenantResolvers.header()] }),
    ).resolves.toBe('globex');
    const claims = [TenantResolvers.claim('org'), TenantResolvers.claim('tenant')];
    const principal: Principal = {
      id: 'u',
      roles: [],
      authMethod: 'jwt',
      attributes: { org: 'globex', tenant: 'acme' },
    };
    await expect(resolveId({ headers: {}, principal }, { resolvers: claims })).resolves.toBe(
      'globex',
    );
    await expect(
      resolveId({ headers: {}, principal }, { resolvers: [...claims].reverse() }),
    ).resolves.toBe('acme');
  });

  it('awaits asynchronous custom resolvers', async () => {
    const custom = TenantResolvers.custom(async () => 'globex');
    await expect(
      resolveId({ headers: {}, principal: admin() }, { resolvers: [custom] }),
    ).resolves.toBe('globex');
    await expect(
      resolveId({ headers: {}, principal: user('acme') }, { resolvers: [custom] }),
    ).rejects.toBeInstanceOf(TenantMismatchError);
  });

  it('refuses malformed tenant ids, from any source', async () => {
    for (const bad of ['ACME', 'acme,globex', '-acme', 'a'.repeat(64), 'acme/../x']) {
      await expect(
        service().resolve({ headers: header(bad), principal: admin() }),
      ).rejects.toBeInstanceOf(InvalidTenantIdError);
    }
    await expect(
      service().resolve({ headers: {}, principal: user('Not Valid') }),
    ).rejects.toMatchObject({ code: 'INVALID_TENANT_ID', tenantId: 'Not Valid' });
  });

  it('refuses unknown and suspended tenants', async () => {
    await expect(service().resolve({ headers: {}, principal: user('umbrella') })).rejects.toEqual(
      new UnknownTenantError('umbrella'),
    );
    await expect(
      service().resolve({ headers: header('umbrella'), principal: admin() }),
    ).rejects.toBeInstanceOf(UnknownTenantError);
    const suspended = await service()
      .resolve({ headers: {}, principal: user('initech') })
      .catch((e: unknown) => e);
    expect(suspended).toBeInstanceOf(TenantSuspendedError);
    expect(suspended).toMatchObject({ tenantId: 'initech', code: 'TENANT_SUSPENDED' });
  });

  it('sees a suspension made after start-up', async () => {
    await expect(
      service().resolve({ headers: {}, principal: user('acme') }),
    ).resolves.toBeDefined();
    await registry.update('acme', { status: 'suspended' });
    await expect(
      service().resolve({ headers: {}, principal: user('acme') }),
    ).rejects.toBeInstanceOf(TenantSuspendedError);
  });
});
