import {
  grantTenantRoleOnSchema,
  MikroOrmTenantSessionBinder,
  MultitenancyModule,
  TenantResolvers,
} from '@cqrs-ddd/multitenancy';
import { MikroORM } from '@mikro-orm/core';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { ROW_LEVEL_SECURITY_CONFIG, RowLevelSecuritySetup } from './row-level-security.setup.js';

/**
 * The reference app's multitenancy: tenants registered in PostgreSQL (`cqrs_tenants`; the
 * `TENANTS` of the configuration are added at start-up when missing, in their tier); the tenant
 * of a request is its token's `tenant` claim, or an `X-Tenant-Id` that agrees with it (any
 * tenant for `platform-admin`s). The tenant guard is registered by `AuthModule`, after
 * authentication.
 *
 * Storage tiers side by side: shared tenants' data is in the app's tables, a schema tenant's in
 * its schema (`tenant_<id>`) of the app's database, a database tenant's in its database
 * (`tenant_<id>`, on the app's server): the event store and the projections route each
 * tenant's work there (`StorageTargets`) and create their tables on first use. Every command
 * and query on the app's MikroORM runs as the `cqrs_tenant` role with `app.tenant_id` set:
 * row-level security on the shared tables, and privileges on each schema tenant's schema
 * (granted when the schema is provisioned, `grantTenantRoleOnSchema`). A database tenant's
 * transactions run on its own MikroORM, as the login role, in a database holding only its data.
 */
@Module({})
export class TenancyModule {
  /** Multitenancy for `config`. */
  static forRoot(config: Pick<AppConfig, 'tenants' | 'readModelStore'>): DynamicModule {
    return {
      module: TenancyModule,
      imports: [
        MultitenancyModule.forRootAsync({
          inject: [MikroORM],
          useFactory: (orm: MikroORM) => ({
            registry: 'postgres',
            resolvers: [TenantResolvers.claim(), TenantResolvers.header()],
            guard: false,
            tenants: config.tenants.map(({ id, isolation }) => ({ id, name: id, isolation })),
            provisioning: { migrators: [grantTenantRoleOnSchema()] },
            sessionBinder: new MikroOrmTenantSessionBinder(orm),
          }),
        }),
      ],
      providers: [{ provide: ROW_LEVEL_SECURITY_CONFIG, useValue: config }, RowLevelSecuritySetup],
    };
  }
}
