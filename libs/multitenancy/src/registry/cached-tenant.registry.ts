import { type Clock, SystemClock } from '@cqrs-ddd/core';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { isValidTenantId } from './tenant-id.js';
import { freezeTenant } from './tenant-record.js';
import { TenantRegistry } from './tenant-registry.port.js';
import type { NewTenant, Tenant, TenantPatch, TenantStatus } from './tenant.js';

/** Options of {@link CachedTenantRegistry}. */
export interface CachedTenantRegistryOptions {
  /** How long a found tenant is served from the cache, in milliseconds. @default 5000 */
  readonly ttlMs?: number;
  /**
   * How long "no such tenant" is served from the cache, in milliseconds (shorter, so a tenant
   * provisioned by another instance is seen soon).
   * @default 1000
   */
  readonly missTtlMs?: number;
  /**
   * Most ids kept; the oldest entry is dropped beyond it, so requests naming many unknown
   * tenants cannot grow the cache without bound.
   * @default 10000
   */
  readonly maxEntries?: number;
  /** Source of time for the expiries. @default new SystemClock() */
  readonly clock?: Clock;
}

interface Entry {
  readonly tenant: Tenant | null;
  readonly storedAt: number;
  readonly expiresAt: number;
}

/**
 * A {@link TenantRegistry} that caches `find` of another one: each request checks its tenant,
 * and this keeps that off the database. Concurrent finds of one id share a single lookup;
 * failed lookups are not cached. `create` and `update` go through to the wrapped registry and
 * refresh this instance's entry; other instances see the change when their entry expires
 * (`ttlMs`), so a suspension takes effect everywhere within `ttlMs`. `list` is not cached.
 */
export class CachedTenantRegistry extends TenantRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly loads = new Map<string, Promise<Tenant | null>>();
  private readonly ttlMs: number;
  private readonly missTtlMs: number;
  private readonly maxEntries: number;
  private readonly clock: Clock;

  /** @throws MultitenancyConfigurationError when a duration or `maxEntries` is not valid */
  constructor(
    private readonly inner: TenantRegistry,
    options: CachedTenantRegistryOptions = {},
  ) {
    super();
    this.ttlMs = duration('ttlMs', options.ttlMs ?? 5000);
    this.missTtlMs = duration('missTtlMs', options.missTtlMs ?? 1000);
    this.maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new MultitenancyConfigurationError(
        `CachedTenantRegistry maxEntries must be a positive integer, got ${String(options.maxEntries)}.`,
      );
    }
    this.clock = options.clock ?? new SystemClock();
  }

  async find(id: string): Promise<Tenant | null> {
    if (!isValidTenantId(id)) return null;
    const now = this.clock.now().getTime();
    const entry = this.entries.get(id);
    // A clock set back before the entry was stored also expires it.
    if (entry && now >= entry.storedAt && now < entry.expiresAt) return entry.tenant;
    return this.loads.get(id) ?? this.load(id);
  }

  async create(tenant: NewTenant): Promise<Tenant> {
    const id = (tenant as { id?: unknown } | null)?.id;
    try {
      const created = await this.inner.create(tenant);
      return this.store(created.id, created);
    } catch (error) {
      if (typeof id === 'string') this.invalidate(id);
      throw error;
    }
  }

  async update(id: string, patch: TenantPatch): Promise<Tenant> {
    try {
      return this.store(id, await this.inner.update(id, patch));
    } catch (error) {
      this.invalidate(id);
      throw error;
    }
  }

  list(filter?: { readonly status?: TenantStatus }): Promise<Tenant[]> {
    return this.inner.list(filter);
  }

  /**
   * Forgets the cached entry of `id`, or every entry: the next `find` asks the wrapped
   * registry. Lookups already under way are not cached when they complete.
   */
  invalidate(id?: string): void {
    if (id === undefined) {
      this.entries.clear();
      this.loads.clear();
      return;
    }
    this.entries.delete(id);
    this.loads.delete(id);
  }

  private load(id: string): Promise<Tenant | null> {
    const load: Promise<Tenant | null> = new Promise<Tenant | null>((resolve) =>
      resolve(this.inner.find(id)),
    ).then(
      (tenant) => {
        // Only the current lookup may fill the entry: an update or invalidation that happened
        // meanwhile removed it, and its result may be older than the update.
        if (this.loads.get(id) !== load) return tenant && freezeTenant(tenant);
        this.loads.delete(id);
        return this.store(id, tenant);
      },
      (error: unknown) => {
        if (this.loads.get(id) === load) this.loads.delete(id);
        throw error;
      },
    );
    this.loads.set(id, load);
    return load;
  }

  private store<T extends Tenant | null>(id: string, tenant: T): T {
    const frozen = (tenant && freezeTenant(tenant)) as T;
    const now = this.clock.now().getTime();
    // The result of a write replaces any lookup still under way.
    this.loads.delete(id);
    this.entries.delete(id);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const ttl = frozen ? this.ttlMs : this.missTtlMs;
    this.entries.set(id, { tenant: frozen, storedAt: now, expiresAt: now + ttl });
    return frozen;
  }
}

function duration(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new MultitenancyConfigurationError(
      `CachedTenantRegistry ${name} must be a finite number of milliseconds >= 0, got ${String(value)}.`,
    );
  }
  return value;
}
