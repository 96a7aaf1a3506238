import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { MultitenancyModuleOptions } from './multitenancy-module.options.js';

/** Injection token of the {@link MultitenancyModuleOptions}. */
export const MULTITENANCY_MODULE_OPTIONS = Symbol('cqrs-ddd:MULTITENANCY_MODULE_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared. */
export interface MultitenancyModuleExtras {
  /**
   * Register the module globally, so `TenantRegistry`, `TenantContext`,
   * `TenantResolutionService`, `TenantSessionBinder` and `TenantGuard` are injectable
   * everywhere. Import it once, in the root module.
   * @default true
   */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableMultitenancyModule,
  OPTIONS_TYPE: MULTITENANCY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MULTITENANCY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MultitenancyModuleOptions>({
  optionsInjectionToken: MULTITENANCY_MODULE_OPTIONS,
  moduleName: 'Multitenancy',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMultitenancyOptions')
  .setExtras<MultitenancyModuleExtras>({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Options of `MultitenancyModule.forRoot`: the module options plus the extras. */
export type MultitenancyModuleRootOptions = typeof MULTITENANCY_OPTIONS_TYPE;

/** Options of `MultitenancyModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type MultitenancyModuleAsyncOptions = typeof MULTITENANCY_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface MultitenancyOptionsFactory {
  createMultitenancyOptions(): MultitenancyModuleOptions | Promise<MultitenancyModuleOptions>;
}
