import { currentRequestContext, type Principal, runInContext } from '@cqrs-ddd/core';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { TenantRequiredError } from '../errors/tenant-required.error.js';
import { TenantSuspendedError } from '../errors/tenant-suspended.error.js';
import { UnknownTenantError } from '../errors/unknown-tenant.error.js';
import { InMemoryTenantRegistry } from '../registry/in-memory-tenant.registry.js';
import type { Tenant } from '../registry/tenant.js';
import { TenantSessionBinder } from '../session/tenant-session.binder.js';
import { TenantContext } from './tenant-context.service.js';

class RecordingBinder extends TenantSessionBinder {
  readonly bound: string[] = [];
  run<T>(tenant: Tenant, work: () => Promise<T>): Promise<T> {
    this.bound.push(tenant.id);
    return work();
  }
}

describe('TenantContext', () => {
  let registry: InMemoryTenantRegistry;
  let binder: RecordingBinder;
  let tenants: TenantContext;

  beforeEach(() => {
    registry = new InMemoryTenantRegistry({
      tenants: [
        { id: 'acme', name: 'Acme', isolation: 'shared' },
        { id: 'initech', name: 'Initech', isolation: 'shared', status: 'suspended' },
      ],
    });
    binder = new RecordingBinder();
    tenants = new TenantContext(registry, binder);
  });

  it('runs work in a new request context for a checked tenant, bound to it', async () => {
    const state = await tenants.run('acme', () => currentRequestContext());
    expect(state).toMatchObject({ tenantId: 'acme', correlationId: expect.any(String) });
    expect(binder.bound).toEqual(['acme']);
    expect(currentRequestContext()).toBeUndefined();
  });

  it("keeps the caller's correlation and actor, makes its message the cause, adds given values", async () => {
    const principal: Principal = { id: 'job', roles: [], authMethod: 'system' };
    const state = await runInContext(
      { correlationId: 'c-1', messageId: 'm-1', tenantId: 'other', principal },
      () => tenants.run('acme', () => currentRequestContext(), { traceparent: 'tp' }),
    );
    expect(state).toEqual({
      correlationId: 'c-1',
      causationId: 'm-1',
      actorId: 'job',
      traceparent: 'tp',
      tenantId: 'acme',
    });
  });

  it('refuses unknown and suspended tenants without running the work', async () => {
    let ran = false;
    const work = () => {
      ran = true;
    };
    await expect(tenants.run('umbrella', work)).rejects.toBeInstanceOf(UnknownTenantError);
    await expect(tenants.run('initech', work)).rejects.toBeInstanceOf(TenantSuspendedError);
    expect(ran).toBe(false);
  });

  it('current(), require() and currentTenant() read the context', async () => {
    expect(tenants.current()).toBeUndefined();
    expect(() => tenants.require('Closing the month')).toThrow(TenantRequiredError);
    await expect(tenants.currentTenant()).resolves.toBeUndefined();
    await tenants.run('acme', async () => {
      expect(tenants.current()).toBe('acme');
      expect(tenants.require()).toBe('acme');
      await expect(tenants.currentTenant()).resolves.toMatchObject({ id: 'acme', name: 'Acme' });
    });
  });
});
