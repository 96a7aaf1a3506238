import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@cqrs-ddd/core';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { describeTenantRegistryContract } from '../testing/tenant-registry.contract.js';
import { InMemoryTenantRegistry } from './in-memory-tenant.registry.js';

describeTenantRegistryContract('in memory, fake clock', () => {
  const clock = new FakeClock();
  return {
    registry: new InMemoryTenantRegistry({ clock }),
    advanceTime: (ms) => clock.advance(ms),
  };
});

describeTenantRegistryContract('in memory, system clock', () => ({
  registry: new InMemoryTenantRegistry(),
}));

describe('InMemoryTenantRegistry', () => {
  it('registers the tenants it is built with, timestamped by its clock', async () => {
    const clock = new FakeClock('2026-03-01T10:00:00.000Z');
    const registry = new InMemoryTenantRegistry({
      clock,
      tenants: [
        { id: 'globex', name: 'Globex', isolation: 'schema', schema: 'tenant_globex' },
        { id: 'acme', name: 'Acme', isolation: 'shared', status: 'suspended' },
      ],
    });
    expect(await registry.list()).toEqual([
      {
        id: 'acme',
        name: 'Acme',
        isolation: 'shared',
        status: 'suspended',
        createdAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-03-01T10:00:00.000Z',
      },
      expect.objectContaining({ id: 'globex', schema: 'tenant_globex', status: 'active' }),
    ]);
  });

  it('refuses invalid initial tenants like create does', () => {
    expect(
      () => new InMemoryTenantRegistry({ tenants: [{ id: 'a', name: '', isolation: 'shared' }] }),
    ).toThrow(ValidationError);
    const tenant = { id: 'a', name: 'A', isolation: 'shared' } as const;
    expect(() => new InMemoryTenantRegistry({ tenants: [tenant, tenant] })).toThrow(
      expect.objectContaining({ code: 'TENANT_ALREADY_EXISTS' }),
    );
  });

  it('hands out frozen objects', async () => {
    const registry = new InMemoryTenantRegistry();
    const created = await registry.create({ id: 'acme', name: 'Acme', isolation: 'shared' });
    expect(Object.isFrozen(created)).toBe(true);
    expect(Object.isFrozen(await registry.find('acme'))).toBe(true);
  });
});
