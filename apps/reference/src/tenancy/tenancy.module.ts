import {
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
 * `TENANTS` of the configuration are added at start-up when missing, on shared tables); the
 * tenant of a request is its token's `tenant` claim, or an `X-Tenant-Id` that agrees with it
 * (any tenant for `platform-admin`s); every command and query runs in its tenant's database
 * session under row-level security. The tenant guard is registered by `AuthModule`, after
 * authentication.
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
            tenants: config.tenants.map((id) => ({ id, name: id, isolation: 'shared' as const })),
            sessionBinder: new MikroOrmTenantSessionBinder(orm),
          }),
        }),
      ],
      providers: [{ provide: ROW_LEVEL_SECURITY_CONFIG, useValue: config }, RowLevelSecuritySetup],
    };
  }
}
