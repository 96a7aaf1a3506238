import type { ObservabilityModuleOptions } from './observability.options.js';

/** Injection token of the {@link ObservabilityModuleOptions} given to `forRoot`. */
export const OBSERVABILITY_MODULE_OPTIONS = Symbol('cqrs-ddd:OBSERVABILITY_MODULE_OPTIONS');

/** Module-shaping options of `forRoot`, known when the module is declared. */
export interface ObservabilityModuleExtras {
  /**
   * Register the module globally, so `MetricsRegistry` (and `TracingLifecycle`) are injectable
   * everywhere. Import it once, in the root module.
   * @default true
   */
  readonly isGlobal?: boolean;
}

/**
 * Options of `ObservabilityModule.forRoot`: the module options plus the extras.
 *
 * There is no `forRootAsync` (and so no `ConfigurableModuleBuilder` here): which parts are on
 * decides the module's imports, controllers and middleware, which Nest needs when the module is
 * declared, before any factory could run. Read configuration (environment variables, a config
 * file) before declaring the module instead.
 */
export type ObservabilityModuleRootOptions = ObservabilityModuleOptions & ObservabilityModuleExtras;
