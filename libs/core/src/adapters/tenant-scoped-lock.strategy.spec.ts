import { describe, expect, it } from '@jest/globals';
import { runInContext } from '../context/request-context-scope.js';
import { ValidationError } from '../errors/validation.error.js';
import { InMemoryLockStrategy } from './memory/in-memory-lock-strategy.adapter.js';
import { TenantScopedLockStrategy, tenantLockResource } from './tenant-scoped-lock.strategy.js';

const options = { ttlMs: 10_000 };

describe('TenantScopedLockStrategy', () => {
  it("keeps two tenants' locks on one resource name apart, and one tenant's holders exclusive", async () => {
    const inner = new InMemoryLockStrategy();
    const locks = new TenantScopedLockStrategy(inner);
    const acme = await runInContext({ tenantId: 'acme' }, () =>
      locks.tryAcquire('order-42', options),
    );
    const globex = await runInContext({ tenantId: 'globex' }, () =>
      locks.tryAcquire('order-42', options),
    );
    expect(acme?.resource).toBe('tenant/acme/order-42');
    expect(globex?.resource).toBe('tenant/globex/order-42');
    await expect(
      runInContext({ tenantId: 'acme' }, () => locks.tryAcquire('order-42', options)),
    ).resolves.toBeNull();
    // Outside a tenant the name is the platform's own.
    const platform = await locks.tryAcquire('order-42', options);
    expect(platform?.resource).toBe('order-42');
    await expect(inner.tryAcquire('tenant/acme/order-42', options)).resolves.toBeNull();
  });

  it('runs work exclusively per tenant through the inner strategy', async () => {
    const locks = new TenantScopedLockStrategy(new InMemoryLockStrategy());
    const seen = await runInContext({ tenantId: 'a/b' }, () =>
      locks.runExclusive('job', (lock) => lock.resource, options),
    );
    expect(seen).toBe('tenant/a%2Fb/job');
  });

  it('refuses an empty resource name with a ValidationError', async () => {
    const locks = new TenantScopedLockStrategy(new InMemoryLockStrategy());
    await expect(
      runInContext({ tenantId: 'acme' }, () => locks.tryAcquire('', options)),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(runInContext({ tenantId: 'acme' }, () => tenantLockResource('x'))).toBe('tenant/acme/x');
  });
});
