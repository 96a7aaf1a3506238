import { ValidationError } from '@cqrs-ddd/core';
import { Logger } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/postgresql';
import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { TenantAlreadyExistsError } from '../errors/tenant-already-exists.error.js';
import { assertNewTenant, assertTenantId, isValidTenantSchemaName } from '../registry/tenant-id.js';
import type { NewTenant, Tenant } from '../registry/tenant.js';
import { databaseTargetKey, schemaTargetKey } from '../storage/registry-storage.targets.js';
import {
  defaultTenantStorageName,
  type TenantProvisionerDependencies,
  type TenantProvisionerOptions,
} from './tenant-provisioner.options.js';
import { TenantMigrationError } from './tenant-migration.error.js';
import type { TenantMigrator } from './tenant.migrator.js';
import { TenantStorageDdl } from './tenant-storage.ddl.js';

/** What provisioning one tenant creates, besides the registry entry. */
interface ProvisioningPlan {
  readonly tenant: NewTenant;
  readonly createSchema?: string;
  readonly createDatabase?: string;
}

const ROLLED_BACK =
  'Nothing was registered, and the schema or database created for it was dropped.';
const PARTIAL = 'The tenants before it were migrated: fix the migrator and run migrateAll again.';

/**
 * Provisions tenants: creates the schema (schema tier) or database (database tier), runs every
 * registered {@link TenantMigrator} on it, registers the tenant last — a half-provisioned
 * tenant is never visible — and announces its storage target to `StorageTargets` listeners. On
 * failure it drops what it created and rethrows. Creating one id is serialised across instances
 * (an advisory lock in the application's database): of concurrent creates exactly one wins, the
 * others get `TenantAlreadyExistsError` and leave nothing behind.
 */
export class TenantProvisioner {
  private readonly logger = new Logger(TenantProvisioner.name);
  private readonly migrators: TenantMigrator[];
  private readonly ddl?: TenantStorageDdl;

  constructor(
    private readonly deps: TenantProvisionerDependencies,
    private readonly options: TenantProvisionerOptions = {},
  ) {
    this.migrators = [...(options.migrators ?? [])];
    this.ddl = deps.orm && new TenantStorageDdl(deps.orm);
  }

  /** Adds a migrator, run after those already registered. */
  addMigrator(migrator: TenantMigrator): void {
    this.migrators.push(migrator);
  }

  /**
   * Provisions and registers a tenant. Without `schema` (schema tier) or `databaseUrl`
   * (database tier) the provisioner names and creates them (see the options).
   * @throws InvalidTenantIdError, ValidationError (core) when the input is invalid (nothing created)
   * @throws TenantAlreadyExistsError when the id is taken
   * @throws TenantStorageExistsError when the schema or database to create exists already
   * @throws TenantMigrationError when a migrator fails (everything undone)
   */
  async create(request: NewTenant): Promise<Tenant> {
    const plan = this.plan(request);
    const { id } = plan.tenant;
    const registered = this.ddl
      ? await this.ddl.exclusively(`cqrs-ddd:tenant-provisioning:${id}`, () => this.provision(plan))
      : await this.provision(plan);
    await this.deps.targets.added(registered);
    return registered;
  }

  /**
   * Runs every migrator on every schema and database tenant, one tenant after the other
   * ("migrations run per schema"), and returns the tenants migrated.
   * @throws TenantMigrationError at the first failure
   */
  async migrateAll(): Promise<Tenant[]> {
    const tenants = (await this.deps.registry.list()).filter((t) => t.isolation !== 'shared');
    for (const tenant of tenants) await this.migrate(tenant, PARTIAL);
    return tenants;
  }

  /**
   * Suspends a tenant: its requests are refused until {@link activate}.
   * @throws UnknownTenantError when there is no such tenant
   */
  suspend(id: string): Promise<Tenant> {
    return this.deps.registry.update(id, { status: 'suspended' });
  }

  /**
   * Reactivates a suspended tenant.
   * @throws UnknownTenantError when there is no such tenant
   */
  activate(id: string): Promise<Tenant> {
    return this.deps.registry.update(id, { status: 'active' });
  }

  private plan(request: NewTenant): ProvisioningPlan {
    if (typeof request !== 'object' || request === null) assertNewTenant(request);
    assertTenantId(request.id);
    if (request.isolation !== 'shared') this.requireDdl(request.id);
    let tenant: NewTenant = request;
    let plan: Omit<ProvisioningPlan, 'tenant'> = {};
    if (request.isolation === 'schema') {
      const schema =
        request.schema ?? (this.options.schemaNameFor ?? defaultTenantStorageName)(request.id);
      tenant = { ...request, schema };
      plan = { createSchema: schema };
    } else if (request.isolation === 'database' && request.databaseUrl == null) {
      const database = (this.options.databaseNameFor ?? defaultTenantStorageName)(request.id);
      if (!isValidTenantSchemaName(database)) {
        throw ValidationError.of(
          'databaseUrl',
          `the default database name "${database}" is not a lower-case identifier of at most 63 characters: pass a databaseUrl`,
          'isDatabaseName',
        );
      }
      // Everything but the URL first: deriving it reads the application's connection.
      assertNewTenant({ ...request, databaseUrl: `postgresql://localhost/${database}` });
      const databaseUrl = (
        this.options.databaseUrlFor ?? ((name) => this.requireDdl(request.id).databaseUrl(name))
      )(database);
      tenant = { ...request, databaseUrl };
      plan = { createDatabase: database };
    }
    assertNewTenant(tenant);
    return { tenant, ...plan };
  }

  private async provision(plan: ProvisioningPlan): Promise<Tenant> {
    const { registry } = this.deps;
    const { tenant } = plan;
    (registry as { invalidate?: (id: string) => void }).invalidate?.(tenant.id);
    if (await registry.find(tenant.id)) throw new TenantAlreadyExistsError(tenant.id);
    await this.assertLocationFree(tenant);
    const now = new Date().toISOString();
    const provisional: Tenant = {
      ...tenant,
      status: tenant.status ?? 'active',
      createdAt: now,
      updatedAt: now,
    };
    const created: { schema?: string; database?: string } = {};
    try {
      if (plan.createSchema) {
        await this.requireDdl(tenant.id).createSchema(tenant.id, plan.createSchema);
        created.schema = plan.createSchema;
      }
      if (plan.createDatabase) {
        await this.requireDdl(tenant.id).createDatabase(tenant.id, plan.createDatabase);
        created.database = plan.createDatabase;
      }
      await this.migrate(provisional, ROLLED_BACK);
      return await registry.create(tenant);
    } catch (error) {
      await this.undo(provisional, created);
      throw error;
    }
  }

  /** Two tenants on one schema or database would see each other's data. */
  private async assertLocationFree(tenant: NewTenant): Promise<void> {
    if (tenant.isolation === 'shared') return;
    for (const other of await this.deps.registry.list()) {
      if (tenant.schema != null && other.schema === tenant.schema) {
        throw ValidationError.of('schema', 'is already used by another tenant', 'unique');
      }
      if (tenant.databaseUrl != null && other.databaseUrl === tenant.databaseUrl) {
        throw ValidationError.of('databaseUrl', 'is already used by another tenant', 'unique');
      }
    }
  }

  private async migrate(tenant: Tenant, hint: string): Promise<void> {
    if (this.migrators.length === 0 || tenant.isolation === 'shared') return;
    const run = async (orm: MikroORM, schema?: string) => {
      const target =
        schema === undefined
          ? { key: databaseTargetKey(tenant.id), tenantId: tenant.id, connection: orm }
          : { key: schemaTargetKey(schema), tenantId: tenant.id, schema };
      for (const migrator of this.migrators) {
        const em = orm.em.fork({ disableContextResolution: true });
        try {
          await migrator({ tenant, orm, em, schema, target });
        } catch (error) {
          throw new TenantMigrationError(tenant.id, error, hint);
        }
      }
    };
    if (tenant.isolation === 'schema') await run(this.requireOrm(tenant.id), tenant.schema);
    else await this.deps.pool.use(tenant, (orm) => run(orm));
  }

  private requireOrm(tenantId: string): MikroORM {
    if (this.deps.orm) return this.deps.orm;
    throw missingOrm(tenantId);
  }

  private requireDdl(tenantId: string): TenantStorageDdl {
    if (this.ddl) return this.ddl;
    throw missingOrm(tenantId);
  }

  private async undo(
    tenant: Tenant,
    created: { schema?: string; database?: string },
  ): Promise<void> {
    const steps: Array<[string, () => Promise<void>]> = [];
    if (tenant.isolation === 'database')
      steps.push(['close', () => this.deps.pool.discard(tenant.id)]);
    if (created.database)
      steps.push([
        `drop database ${created.database}`,
        () => this.requireDdl(tenant.id).dropDatabase(created.database!),
      ]);
    if (created.schema)
      steps.push([
        `drop schema ${created.schema}`,
        () => this.requireDdl(tenant.id).dropSchema(created.schema!),
      ]);
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (error) {
        this.logger.error(
          `Undoing the provisioning of tenant "${tenant.id}" failed (${what})`,
          error,
        );
      }
    }
  }
}

function missingOrm(tenantId: string): MultitenancyConfigurationError {
  return new MultitenancyConfigurationError(
    `Tenant "${tenantId}": schema and database tenants need the application's MikroORM ` +
      '(PostgreSQL): import MikroOrmModule.forRoot({ driver: PostgreSqlDriver, ... }).',
  );
}
