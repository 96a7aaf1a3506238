import { currentRequestContext, type Principal, runInContext } from '@cqrs-ddd/core';
import { beforeEach, describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { TenantRequiredError } from '../errors/tenant-required.error.js';
import type { TenancyOptions } from '../pipeline/tenancy-step.options.js';
import { TenantAgnostic } from '../pipeline/tenant-agnostic.decorator.js';
import { InMemoryTenantRegistry } from '../registry/in-memory-tenant.registry.js';
import { TenantResolutionService } from './tenant-resolution.service.js';
import { TenantResolvers } from './tenant-resolvers.js';
import { TenantGuard } from './tenant.guard.js';

type Headers = Record<string, string>;

class Handlers {
  scoped(): void {}
  @TenantAgnostic()
  open(): void {}
}
@TenantAgnostic()
class OpenResolver {
  any(): void {}
}

function executionContext(
  type: string,
  headers: Headers,
  handler: keyof Handlers | 'any' = 'scoped',
): ExecutionContext {
  const req = { headers };
  const target = handler === 'any' ? OpenResolver : Handlers;
  return {
    getType: () => type,
    getHandler: () => (target.prototype as unknown as Record<string, () => void>)[handler]!,
    getClass: () => target,
    getArgs: () => (type === 'graphql' ? [{}, {}, { req }, {}] : [req]),
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

const principal = (tenantId?: string): Principal => ({
  id: 'u1',
  roles: [],
  authMethod: 'jwt',
  ...(tenantId ? { tenantId } : {}),
});

describe('TenantGuard', () => {
  let registry: InMemoryTenantRegistry;

  beforeEach(() => {
    registry = new InMemoryTenantRegistry({
      tenants: [
        { id: 'acme', name: 'Acme', isolation: 'shared' },
        { id: 'globex', name: 'Globex', isolation: 'shared' },
      ],
    });
  });

  const guard = (options: Partial<TenancyOptions> = {}, trustAnonymous = false) =>
    new TenantGuard(
      new TenantResolutionService(registry, {
        resolvers: [
          TenantResolvers.claim(),
          TenantResolvers.header(),
          TenantResolvers.subdomain({ baseDomain: 'example.com' }),
        ],
        platformAdminRole: 'platform-admin',
        trustUnauthenticatedSources: trustAnonymous,
      }),
      new Reflector(),
      { required: true, trustProxy: false, ...options },
    );

  /** Runs the guard in a request context and returns the tenant it left there. */
  const activate = (
    context: ExecutionContext,
    who?: Principal,
    g: TenantGuard = guard(),
  ): Promise<string | undefined> =>
    runInContext({ principal: who }, async () => {
      expect(await g.canActivate(context)).toBe(true);
      return currentRequestContext()?.tenantId;
    });

  it('sets the tenant of REST requests and GraphQL operations (context.getArgs()[2].req)', async () => {
    await expect(activate(executionContext('http', {}), principal('acme'))).resolves.toBe('acme');
    await expect(
      activate(executionContext('graphql', { 'x-tenant-id': 'acme' }), principal('acme')),
    ).resolves.toBe('acme');
    await expect(
      activate(executionContext('graphql', { 'x-tenant-id': 'globex' }), principal('acme')),
    ).rejects.toBeInstanceOf(TenantMismatchError);
  });

  it('skips rpc and ws contexts', async () => {
    for (const type of ['rpc', 'ws']) {
      await expect(guard().canActivate(executionContext(type, {}))).resolves.toBe(true);
    }
  });

  it('requires a tenant unless the handler or class is @TenantAgnostic or required is false', async () => {
    await expect(activate(executionContext('http', {}), principal())).rejects.toBeInstanceOf(
      TenantRequiredError,
    );
    await expect(activate(executionContext('http', {}, 'open'))).resolves.toBeUndefined();
    await expect(activate(executionContext('graphql', {}, 'any'))).resolves.toBeUndefined();
    await expect(
      activate(executionContext('http', {}), undefined, guard({ required: false })),
    ).resolves.toBeUndefined();
    await expect(activate(executionContext('http', {}, 'open'), principal('acme'))).resolves.toBe(
      'acme',
    );
  });

  it('reads X-Forwarded-Host only behind a trusted proxy', async () => {
    const headers = { host: 'acme.example.com:3000', 'x-forwarded-host': 'globex.example.com, x' };
    await expect(
      activate(executionContext('http', headers), undefined, guard({}, true)),
    ).resolves.toBe('acme');
    await expect(
      activate(executionContext('http', headers), undefined, guard({ trustProxy: true }, true)),
    ).resolves.toBe('globex');
  });

  it('explains a missing request context instead of losing the tenant', async () => {
    await expect(
      guard({}, true).canActivate(executionContext('http', { 'x-tenant-id': 'acme' })),
    ).rejects.toBeInstanceOf(MultitenancyConfigurationError);
  });
});
