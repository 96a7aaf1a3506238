import { describe, expect, it, jest } from '@jest/globals';
import { deferred, FakeClock } from '@cqrs-ddd/core/testing';
import { describeTenantRegistryContract } from '../testing/tenant-registry.contract.js';
import {
  CachedTenantRegistry,
  type CachedTenantRegistryOptions,
} from './cached-tenant.registry.js';
import { InMemoryTenantRegistry } from './in-memory-tenant.registry.js';
import type { Tenant } from './tenant.js';

describeTenantRegistryContract('cached in-memory registry', () => {
  const clock = new FakeClock();
  const inner = new InMemoryTenantRegistry({ clock });
  return {
    registry: new CachedTenantRegistry(inner, { clock }),
    advanceTime: (ms) => clock.advance(ms),
  };
});

const ACME = { id: 'acme', name: 'Acme', isolation: 'shared' } as const;

/** A cache over an in-memory registry, counting the finds that reach the inner registry. */
function setUp(options: CachedTenantRegistryOptions = {}) {
  const clock = new FakeClock();
  const inner = new InMemoryTenantRegistry({ clock });
  const innerFind = inner.find.bind(inner);
  const finds = jest.spyOn(inner, 'find');
  const cache = new CachedTenantRegistry(inner, { clock, ...options });
  return { clock, inner, innerFind, finds, cache };
}

describe('CachedTenantRegistry', () => {
  it('serves a found tenant for ttlMs, then asks the wrapped registry again', async () => {
    const { clock, inner, finds, cache } = setUp();
    await inner.create(ACME);
    const first = await cache.find('acme');
    await inner.update('acme', { status: 'suspended' });
    clock.advance(4999);
    expect(await cache.find('acme')).toEqual(first);
    expect(finds).toHaveBeenCalledTimes(1);
    clock.advance(1);
    expect(await cache.find('acme')).toMatchObject({ status: 'suspended' });
    expect(finds).toHaveBeenCalledTimes(2);
  });

  it('serves "no such tenant" for missTtlMs only', async () => {
    const { clock, inner, finds, cache } = setUp({ ttlMs: 60_000, missTtlMs: 200 });
    expect(await cache.find('acme')).toBeNull();
    await inner.create(ACME);
    clock.advance(199);
    expect(await cache.find('acme')).toBeNull();
    clock.advance(1);
    expect(await cache.find('acme')).toMatchObject({ id: 'acme' });
    clock.advance(59_999);
    expect(await cache.find('acme')).toMatchObject({ id: 'acme' });
    expect(finds).toHaveBeenCalledTimes(2);
  });

  it('expires entries when the clock is set back before they were stored', async () => {
    const { clock, inner, finds, cache } = setUp();
    await inner.create(ACME);
    await cache.find('acme');
    clock.set('2025-12-31T23:59:59.000Z');
    await cache.find('acme');
    expect(finds).toHaveBeenCalledTimes(2);
  });

  it('shares one lookup between concurrent finds of one id', async () => {
    const { inner, innerFind, finds, cache } = setUp();
    await inner.create(ACME);
    const gate = deferred<void>();
    finds.mockImplementationOnce(async (id) => {
      await gate.promise;
      return innerFind(id);
    });
    const pending = Array.from({ length: 5 }, () => cache.find('acme'));
    const other = await cache.find('globex');
    expect(other).toBeNull();
    gate.resolve();
    const found = await Promise.all(pending);
    expect(found.every((tenant) => tenant?.id === 'acme' && tenant === found[0])).toBe(true);
    expect(finds.mock.calls.map(([id]) => id)).toEqual(['acme', 'globex']);
  });

  it('does not cache a failed lookup: every waiter gets the error, the next find retries', async () => {
    const { inner, finds, cache } = setUp();
    await inner.create(ACME);
    const gate = deferred<Tenant | null>();
    finds.mockImplementationOnce(() => gate.promise);
    const pending = [cache.find('acme'), cache.find('acme')];
    const failure = new Error('database unavailable');
    gate.reject(failure);
    await expect(Promise.allSettled(pending)).resolves.toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
    expect(await cache.find('acme')).toMatchObject({ id: 'acme' });
    expect(finds).toHaveBeenCalledTimes(2);
  });

  it('refreshes the entry on create and update, without asking the wrapped registry', async () => {
    const { finds, cache } = setUp();
    expect(await cache.find('acme')).toBeNull();
    const created = await cache.create(ACME);
    expect(await cache.find('acme')).toEqual(created);
    const updated = await cache.update('acme', { status: 'suspended' });
    expect(await cache.find('acme')).toEqual(updated);
    expect(updated.status).toBe('suspended');
    expect(finds).toHaveBeenCalledTimes(1);
  });

  it('forgets the entry when a write fails', async () => {
    const { inner, finds, cache } = setUp({ missTtlMs: 60_000 });
    expect(await cache.find('acme')).toBeNull();
    await inner.create(ACME);
    await expect(cache.create(ACME)).rejects.toMatchObject({ code: 'TENANT_ALREADY_EXISTS' });
    expect(await cache.find('acme')).toMatchObject({ id: 'acme' });
    expect(finds).toHaveBeenCalledTimes(2);
  });

  it('does not let a lookup that started before an update cache the older tenant', async () => {
    const { inner, innerFind, finds, cache } = setUp();
    await inner.create(ACME);
    const gate = deferred<void>();
    let read: Tenant | null = null;
    finds.mockImplementationOnce(async (id) => {
      read = await innerFind(id);
      await gate.promise;
      return read;
    });
    const stale = cache.find('acme');
    await new Promise((resolve) => setImmediate(resolve));
    expect(read).toMatchObject({ status: 'active' });
    await cache.update('acme', { status: 'suspended' });
    gate.resolve();
    expect(await stale).toMatchObject({ status: 'active' });
    expect(await cache.find('acme')).toMatchObject({ status: 'suspended' });
    expect(finds).toHaveBeenCalledTimes(1);
  });

  it('invalidates one id or every id', async () => {
    const { inner, finds, cache } = setUp();
    await inner.create(ACME);
    await cache.find('acme');
    await cache.find('globex');
    cache.invalidate('acme');
    await cache.find('acme');
    await cache.find('globex');
    expect(finds.mock.calls.map(([id]) => id)).toEqual(['acme', 'globex', 'acme']);
    cache.invalidate();
    await cache.find('acme');
    await cache.find('globex');
    expect(finds).toHaveBeenCalledTimes(5);
  });

  it('answers malformed ids itself, without caching them', async () => {
    const { finds, cache } = setUp();
    expect(await cache.find('Not Valid')).toBeNull();
    expect(await cache.find(null as unknown as string)).toBeNull();
    expect(finds).not.toHaveBeenCalled();
  });

  it('keeps at most maxEntries ids, dropping the oldest', async () => {
    const { finds, cache } = setUp({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c', 'c', 'b']) await cache.find(id);
    expect(finds).toHaveBeenCalledTimes(3);
    await cache.find('a');
    expect(finds).toHaveBeenCalledTimes(4);
  });

  it('hands out frozen copies even when the wrapped registry does not', async () => {
    const { finds, cache } = setUp();
    const mutable: Tenant = { ...ACME, status: 'active', createdAt: 'x', updatedAt: 'x' };
    finds.mockResolvedValueOnce(mutable);
    const found = await cache.find('acme');
    expect(Object.isFrozen(found)).toBe(true);
    (mutable as { name: string }).name = 'Changed';
    expect((await cache.find('acme'))?.name).toBe('Acme');
  });

  it('lists through the wrapped registry', async () => {
    const { inner, cache } = setUp();
    await inner.create(ACME);
    expect(await cache.list()).toEqual(await inner.list());
    expect(await cache.list({ status: 'suspended' })).toEqual([]);
  });

  it.each([{ ttlMs: -1 }, { missTtlMs: Number.NaN }, { maxEntries: 0 }, { maxEntries: 1.5 }])(
    'refuses the options %p',
    (options) => {
      expect(() => new CachedTenantRegistry(new InMemoryTenantRegistry(), options)).toThrow(
        expect.objectContaining({ code: 'MULTITENANCY_CONFIGURATION' }),
      );
    },
  );
});
