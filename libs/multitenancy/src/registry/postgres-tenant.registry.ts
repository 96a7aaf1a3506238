import { type Clock, SystemClock, ValidationError } from '@cqrs-ddd/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
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
import {
  type TenantRegistryNames,
  type TenantRegistrySchemaOptions,
  tenantRegistryNames,
} from './tenant-registry.schema.js';
import type { NewTenant, Tenant, TenantIsolation, TenantPatch, TenantStatus } from './tenant.js';

/** Options of {@link PostgresTenantRegistry}. */
export interface PostgresTenantRegistryOptions extends TenantRegistrySchemaOptions {
  /** Source of `createdAt` and `updatedAt`. @default new SystemClock() */
  readonly clock?: Clock;
}

interface TenantRow {
  readonly id: string;
  readonly name: string;
  readonly status: TenantStatus;
  readonly isolation: TenantIsolation;
  readonly schema_name: string | null;
  readonly database_url: string | null;
  readonly created_at: Date | string;
  readonly updated_at: Date | string;
}

interface DatabaseError {
  readonly code?: string;
  readonly constraint?: string;
}

const COLUMNS = 'id, name, status, isolation, schema_name, database_url, created_at, updated_at';

/**
 * {@link TenantRegistry} in the `<schema>.<tablePrefix>tenants` table (create it with
 * `migrateTenantRegistry`). Statements are parameterised and run through `em.execute`, so
 * inside the caller's MikroORM transaction when there is one (e.g. provisioning a tenant
 * together with its schema). Registration is an `INSERT ... ON CONFLICT (id) DO NOTHING`:
 * among concurrent creates of one id, exactly one succeeds, on any number of instances.
 */
export class PostgresTenantRegistry extends TenantRegistry {
  private readonly names: TenantRegistryNames;
  private readonly clock: Clock;

  /** @throws MultitenancyConfigurationError when the schema or table prefix is not a plain identifier */
  constructor(
    private readonly em: SqlEntityManager,
    options: PostgresTenantRegistryOptions = {},
  ) {
    super();
    this.names = tenantRegistryNames(options);
    this.clock = options.clock ?? new SystemClock();
  }

  async find(id: string): Promise<Tenant | null> {
    if (!isValidTenantId(id)) return null;
    const rows = await this.em.execute<TenantRow[]>(
      `SELECT ${COLUMNS} FROM ${this.names.table} WHERE id = ?`,
      [id],
    );
    return rows[0] ? toTenant(rows[0]) : null;
  }

  async create(tenant: NewTenant): Promise<Tenant> {
    assertNewTenant(tenant);
    const now = this.clock.now().toISOString();
    let rows: TenantRow[];
    try {
      rows = await this.em.execute<TenantRow[]>(
        `INSERT INTO ${this.names.table}
           (id, name, status, isolation, schema_name, database_url, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [
          tenant.id,
          tenant.name,
          tenant.status ?? 'active',
          tenant.isolation,
          tenant.schema ?? null,
          tenant.databaseUrl ?? null,
          now,
          now,
        ],
      );
    } catch (error) {
      throw this.translateInsertError(error, tenant.id);
    }
    if (!rows[0]) throw new TenantAlreadyExistsError(tenant.id);
    return toTenant(rows[0]);
  }

  async update(id: string, patch: TenantPatch): Promise<Tenant> {
    assertTenantPatch(patch);
    if (!isValidTenantId(id)) throw new UnknownTenantError(String(id));
    if (patch.name === undefined && patch.status === undefined) {
      const current = await this.find(id);
      if (!current) throw new UnknownTenantError(id);
      return current;
    }
    const rows = await this.em.execute<TenantRow[]>(
      `UPDATE ${this.names.table}
       SET name = COALESCE(?, name), status = COALESCE(?, status), updated_at = ?
       WHERE id = ?
       RETURNING ${COLUMNS}`,
      [patch.name ?? null, patch.status ?? null, this.clock.now().toISOString(), id],
    );
    if (!rows[0]) throw new UnknownTenantError(id);
    return toTenant(rows[0]);
  }

  async list(filter?: { readonly status?: TenantStatus }): Promise<Tenant[]> {
    assertTenantListFilter(filter);
    const status = filter?.status;
    const rows = await this.em.execute<TenantRow[]>(
      status === undefined
        ? `SELECT ${COLUMNS} FROM ${this.names.table} ORDER BY id`
        : `SELECT ${COLUMNS} FROM ${this.names.table} WHERE status = ? ORDER BY id`,
      status === undefined ? [] : [status],
    );
    return rows.map(toTenant);
  }

  /** Maps unique violations to the registry's errors; anything else is returned unchanged. */
  private translateInsertError(error: unknown, id: string): unknown {
    const { code, constraint } = (error ?? {}) as DatabaseError;
    if (code !== '23505') return error;
    const { constraints } = this.names;
    if (constraint === constraints.primaryKey) return new TenantAlreadyExistsError(id);
    if (constraint === constraints.schemaName) {
      return ValidationError.of('schema', 'is already used by another tenant', 'unique');
    }
    if (constraint === constraints.databaseUrl) {
      return ValidationError.of('databaseUrl', 'is already used by another tenant', 'unique');
    }
    return error;
  }
}

function toTenant(row: TenantRow): Tenant {
  return freezeTenant({
    id: row.id,
    name: row.name,
    status: row.status,
    isolation: row.isolation,
    ...(row.schema_name === null ? {} : { schema: row.schema_name }),
    ...(row.database_url === null ? {} : { databaseUrl: row.database_url }),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  });
}
