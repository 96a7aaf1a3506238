import { ConfigurableModuleBuilder, type DynamicModule, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule, type CqrsModuleOptions } from '@nestjs/cqrs';
import { ClsModule } from 'nestjs-cls';
import type { CqrsDddModuleOptions } from './cqrs-ddd-module.options.js';

/** Injection token of the {@link CqrsDddModuleOptions}. */
export const CQRS_DDD_MODULE_OPTIONS = Symbol('cqrs-ddd:CQRS_DDD_MODULE_OPTIONS');

/**
 * Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared (so
 * not part of the possibly asynchronous {@link CqrsDddModuleOptions}).
 */
export interface CqrsDddModuleExtras {
  /**
   * Register the module globally, so `RequestContext`, `Clock`, `IdGenerator`, `UnitOfWork` and
   * `IdempotencyStore` are injectable everywhere. The module is the suite's root: import it once.
   * @default true
   */
  isGlobal?: boolean;
  /**
   * Modules wired by this one import — typically the suite's other libraries, e.g.
   * `modules: [EventStoreModule.forRoot({...}), MultitenancyModule.forRoot({...})]`. They are
   * imported and re-exported; their `@PipelineStep()` providers join the pipeline by discovery.
   * @default []
   */
  modules?: Array<DynamicModule | Type>;
  /**
   * Options of the `CqrsModule.forRoot()` (from `@nestjs/cqrs`) this module imports.
   * @default {}
   */
  cqrs?: CqrsModuleOptions;
}

export const {
  ConfigurableModuleClass: ConfigurableCqrsDddModule,
  ASYNC_OPTIONS_TYPE: CQRS_DDD_ASYNC_OPTIONS_TYPE,
  OPTIONS_TYPE: CQRS_DDD_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<CqrsDddModuleOptions>({
  optionsInjectionToken: CQRS_DDD_MODULE_OPTIONS,
  moduleName: 'CqrsDdd',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createCqrsDddOptions')
  .setExtras<CqrsDddModuleExtras>(
    { isGlobal: true, modules: [], cqrs: {} },
    (definition, extras) => {
      const modules = extras.modules ?? [];
      return {
        ...definition,
        global: extras.isGlobal,
        imports: [
          ...(definition.imports ?? []),
          CqrsModule.forRoot(extras.cqrs),
          ClsModule,
          DiscoveryModule,
          ...modules,
        ],
        exports: [...(definition.exports ?? []), ...modules],
      };
    },
  )
  .build();

/** Options of `CqrsDddModule.forRoot`: the module options plus the extras. */
export type CqrsDddModuleRootOptions = typeof CQRS_DDD_OPTIONS_TYPE;

/** Options of `CqrsDddModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type CqrsDddModuleAsyncOptions = typeof CQRS_DDD_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface CqrsDddOptionsFactory {
  createCqrsDddOptions(): CqrsDddModuleOptions | Promise<CqrsDddModuleOptions>;
}
