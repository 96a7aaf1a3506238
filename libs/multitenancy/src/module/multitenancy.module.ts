import { type DynamicModule, Module } from '@nestjs/common';
import {
  ConfigurableMultitenancyModule,
  type MultitenancyModuleAsyncOptions,
  type MultitenancyModuleRootOptions,
} from './multitenancy.module-definition.js';
import { multitenancyExports, multitenancyProviders } from './multitenancy.providers.js';

/**
 * Multitenancy: finds the tenant of every request (token claim, header, subdomain...), keeps
 * it in the request context, and checks it for every command and query whatever the entry point.
 *
 * ```ts
 * @Module({
 *   imports: [
 *     CqrsDddModule.forRoot({
 *       modules: [MultitenancyModule.forRoot({ registry: 'postgres' })],
 *     }),
 *   ],
 *   providers: [{ provide: APP_GUARD, useClass: AuthenticationGuard }], // runs before TenantGuard
 * })
 * export class AppModule {}
 * ```
 *
 * - `TenantGuard` (global unless `guard: false`) resolves REST and GraphQL requests' tenants
 *   with the configured resolvers; it reads the principal from the request context, so the
 *   authentication guard must run first.
 * - The `tenancy` pipeline step (`@PipelineStep`, slot 300) joins `CqrsDddModule`'s pipeline by
 *   discovery, requires a registered, active tenant (unless `@TenantAgnostic()`), prepares its
 *   storage target and binds the database session (`TenantSessionBinder`).
 * - `TenantContext.run(tenantId, work)` is the entry point of CLI commands, jobs and tests.
 *
 * - Storage tiers: `StorageTargets` (a `RegistryStorageTargets`) routes the event store's and the
 *   projections' work of schema and database tenants to their schema or database;
 *   `TenantProvisioner` creates such tenants (and those of the `tenants` option).
 *
 * Provides and exports `TenantRegistry`, `TenantResolutionService`, `TenantContext`,
 * `TenantSessionBinder`, `TenantGuard`, `TenancyStep`, `StorageTargets`,
 * `RegistryStorageTargets`, `TenantDatabasePool` and `TenantProvisioner`. Registry `'postgres'`
 * and schema or database tenants need the app's `MikroOrmModule`.
 */
@Module({})
export class MultitenancyModule extends ConfigurableMultitenancyModule {
  /** Registers the module with static options; `forRoot()` uses every default. */
  static override forRoot(options: MultitenancyModuleRootOptions = {}): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  /** Registers the module with options from a factory, class or existing provider. */
  static override forRootAsync(options: MultitenancyModuleAsyncOptions): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

function withProviders(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...multitenancyProviders],
    exports: [...(definition.exports ?? []), ...multitenancyExports],
  };
}
