import { type Clock, SystemClock, ValidationError } from '@cqrs-ddd/core';
import { TenantAlreadyExistsError } from '../errors/tenant-already-exists.error.js';
import { UnknownTenantError } from '../errors/unknown-tenant.error.js';
import {
  assertNewTenant,
  assertTenantListFilter,
  assertTenantPatch,
  isValidTenantId,
} from './tenant-id.js';
import { freezeTenant } from './tenant-record.js';
import { TenantRegistry } from './tenant-registry.port.js';
import type { NewTenant, Tenant, TenantPatch, TenantStatus } from './tenant.js';

/** Options of {@link InMemoryTenantRegistry}. */
export interface InMemoryTenantRegistryOptions {
  /** Source of `createdAt` and `updatedAt`. @default new SystemClock() */
  readonly clock?: Clock;
  /**
   * Tenants registered when the registry is built (validated like {@link TenantRegistry.create}),
   * e.g. the fixed tenants of an embedded or test set-up.
   * @default []
   */
  readonly tenants?: readonly NewTenant[];
}

/**
 * {@link TenantRegistry} in process memory: for unit tests and single-process embedded set-ups
 * (every instance has its own tenants). It accepts and refuses exactly what
 * `PostgresTenantRegistry` does, including a schema or database URL already used by another
 * tenant, and hands out frozen copies.
 */
export class InMemoryTenantRegistry extends TenantRegistry {
  private readonly tenants = new Map<string, Tenant>();
  private readonly clock: Clock;

  constructor(options: InMemoryTenantRegistryOptions = {}) {
    super();
    this.clock = options.clock ?? new SystemClock();
    for (const tenant of options.tenants ?? []) this.register(tenant);
  }

  async find(id: string): Promise<Tenant | null> {
    if (!isValidTenantId(id)) return null;
    return this.tenants.get(id) ?? null;
  }

  async create(tenant: NewTenant): Promise<Tenant> {
    return this.register(tenant);
  }

  async update(id: string, patch: TenantPatch): Promise<Tenant> {
    assertTenantPatch(patch);
    const current = isValidTenantId(id) ? this.tenants.get(id) : undefined;
    if (!current) throw new UnknownTenantError(String(id));
    if (patch.name === undefined && patch.status === undefined) return current;
    const updated = freezeTenant({
      ...current,
      name: patch.name ?? current.name,
      status: patch.status ?? current.status,
      updatedAt: this.clock.now().toISOString(),
    });
    this.tenants.set(id, updated);
    return updated;
  }

  async list(filter?: { readonly status?: TenantStatus }): Promise<Tenant[]> {
    assertTenantListFilter(filter);
    const status = filter?.status;
    return [...this.tenants.values()]
      .filter((tenant) => status === undefined || tenant.status === status)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private register(tenant: NewTenant): Tenant {
    assertNewTenant(tenant);
    if (this.tenants.has(tenant.id)) throw new TenantAlreadyExistsError(tenant.id);
    this.assertLocationFree(tenant);
    const now = this.clock.now().toISOString();
    const created = freezeTenant({
      ...tenant,
      status: tenant.status ?? 'active',
      createdAt: now,
      updatedAt: now,
    });
    this.tenants.set(created.id, created);
    return created;
  }

  /** Two tenants sharing a schema or a database would see each other's data. */
  private assertLocationFree(tenant: NewTenant): void {
    for (const other of this.tenants.values()) {
      if (tenant.schema != null && other.schema === tenant.schema) {
        throw ValidationError.of('schema', 'is already used by another tenant', 'unique');
      }
      if (tenant.databaseUrl != null && other.databaseUrl === tenant.databaseUrl) {
        throw ValidationError.of('databaseUrl', 'is already used by another tenant', 'unique');
      }
    }
  }
}
