import { type DynamicModule, Module } from '@nestjs/common';
import { featureFlagsAdminControllerAt } from '../admin/feature-flags-admin.controller.js';
import type { FeatureFlagsModuleOptions } from './feature-flags-module.options.js';
import {
  ConfigurableFeatureFlagsModule,
  type FeatureFlagsModuleAsyncOptions,
  type FeatureFlagsModuleRootOptions,
} from './feature-flags.module-definition.js';
import { adminApiPathOf } from './feature-flags-options.validation.js';
import { featureFlagsExports, featureFlagsProviders } from './feature-flags.providers.js';

/**
 * Feature flags: on/off switches, targeting (tenants, principals, roles, attributes),
 * sticky percentage rollouts and weighted variants, evaluated for the request context.
 *
 * ```ts
 * FeatureFlagsModule.forRoot({
 *   provider: 'postgres',
 *   flags: [{ key: 'new-checkout', enabled: true, defaultValue: false, rollout: { percentage: 20, value: true } }],
 *   adminApi: true,
 * })
 * ```
 *
 * - Providers: `'memory'`, `'postgres'` (the app's MikroORM; cached, reloaded on `NOTIFY`,
 *   per-tenant overrides), `'unleash'`, `'openfeature'`, or your own class or instance.
 * - `FeatureFlagService` evaluates for the caller (`isEnabled`, `evaluate`, `getVariant`).
 * - `@FeatureFlag(key)` on controllers/resolvers (guard) and on command/query classes (the
 *   `feature-flags` pipeline step, slot 550): off → `NotFoundError` or `ForbiddenError`.
 * - `adminApi` serves `FeatureFlagsAdminController` (needs `'postgres'` and access-control).
 * - Options are validated at start (`FeatureFlagsConfigurationError`); providers the module
 *   started are closed on shutdown.
 *
 * Exports `FeatureFlagProvider`, `FeatureFlagService`, `FeatureFlagGuard`,
 * `FeatureFlagEnforcer`, `FeatureFlagAdminService` (`undefined` unless `'postgres'`),
 * `FeatureFlagsSettings` and `FEATURE_FLAGS_MODULE_OPTIONS`.
 */
@Module({})
export class FeatureFlagsModule extends ConfigurableFeatureFlagsModule {
  /** Registers the module with static options. */
  static override forRoot(options: FeatureFlagsModuleRootOptions): DynamicModule {
    return withProviders(super.forRoot(options), options.adminApi);
  }

  /** Registers the module with options from a factory, class or existing provider. */
  static override forRootAsync(options: FeatureFlagsModuleAsyncOptions): DynamicModule {
    return withProviders(super.forRootAsync(options), options.adminApi);
  }
}

function withProviders(
  definition: DynamicModule,
  adminApi: FeatureFlagsModuleOptions['adminApi'],
): DynamicModule {
  const adminPath = adminApiPathOf(adminApi);
  return {
    ...definition,
    controllers: adminPath === undefined ? [] : [featureFlagsAdminControllerAt(adminPath)],
    providers: [...(definition.providers ?? []), ...featureFlagsProviders(adminApi)],
    exports: [...(definition.exports ?? []), ...featureFlagsExports],
  };
}
