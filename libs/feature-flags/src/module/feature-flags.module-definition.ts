import { ConfigurableModuleBuilder } from '@nestjs/common';
import type {
  FeatureFlagsAdminApiOptions,
  FeatureFlagsModuleOptions,
} from './feature-flags-module.options.js';

/** Injection token of the {@link FeatureFlagsModuleOptions} (as given, before validation). */
export const FEATURE_FLAGS_MODULE_OPTIONS = Symbol('cqrs-ddd:FEATURE_FLAGS_MODULE_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared. */
export interface FeatureFlagsModuleExtras {
  /**
   * Register the module globally, so `FeatureFlagService`, `FeatureFlagProvider` and the
   * `@FeatureFlag(...)` guard are injectable everywhere. Import it once, in the root module.
   * @default true
   */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableFeatureFlagsModule,
  OPTIONS_TYPE: FEATURE_FLAGS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: FEATURE_FLAGS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<FeatureFlagsModuleOptions>({
  optionsInjectionToken: FEATURE_FLAGS_MODULE_OPTIONS,
  moduleName: 'FeatureFlags',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createFeatureFlagsOptions')
  .setExtras<FeatureFlagsModuleExtras>({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Options of `FeatureFlagsModule.forRoot`: the module options plus the extras. */
export type FeatureFlagsModuleRootOptions = typeof FEATURE_FLAGS_OPTIONS_TYPE;

/**
 * Options of `FeatureFlagsModule.forRootAsync`: `useFactory`+`inject`, `useClass` or
 * `useExisting`, `imports`, the extras, and `adminApi` (routes are declared with the module,
 * before the factory runs).
 */
export type FeatureFlagsModuleAsyncOptions = typeof FEATURE_FLAGS_ASYNC_OPTIONS_TYPE & {
  /**
   * Serve the admin HTTP API; the factory's options must then use the `'postgres'` provider.
   * @default false
   */
  readonly adminApi?: boolean | FeatureFlagsAdminApiOptions;
};

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface FeatureFlagsOptionsFactory {
  createFeatureFlagsOptions(): FeatureFlagsModuleOptions | Promise<FeatureFlagsModuleOptions>;
}
