import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { SchedulingModuleRootOptions } from '../scheduling/module/scheduling.module-definition.js';
import type { SagasModuleOptions } from './sagas-module.options.js';

/** Injection token of the {@link SagasModuleOptions}. */
export const SAGAS_MODULE_OPTIONS = Symbol('cqrs-ddd:SAGAS_MODULE_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared. */
export interface SagasModuleExtras {
  /** Register `SagaAdminService` and `SagasService` globally. @default true */
  isGlobal?: boolean;
  /**
   * Mount `SagaAdminController` (`GET /sagas`, `GET /sagas/:name/:id`,
   * `POST /sagas/:name/:id/retry`, `POST /sagas/:name/:id/compensate`). Guard it as the
   * application guards its admin routes. @default false
   */
  adminApi?: boolean;
  /**
   * Options of the `SchedulingModule` the sagas' timeouts run on, imported by this module
   * (`SchedulingModule.forRoot(scheduling)`). Leave it out when the app imports
   * `SchedulingModule` itself (e.g. with `forRootAsync`). @default not imported
   */
  scheduling?: SchedulingModuleRootOptions;
}

export const {
  ConfigurableModuleClass: ConfigurableSagasModule,
  OPTIONS_TYPE: SAGAS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: SAGAS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<SagasModuleOptions>({
  optionsInjectionToken: SAGAS_MODULE_OPTIONS,
  moduleName: 'Sagas',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createSagasOptions')
  .setExtras<SagasModuleExtras>(
    { isGlobal: true, adminApi: false, scheduling: undefined },
    (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
    }),
  )
  .build();

/** Options of `SagasModule.forRoot`: the module options plus the extras. */
export type SagasModuleRootOptions = typeof SAGAS_OPTIONS_TYPE;

/** Options of `SagasModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type SagasModuleAsyncOptions = typeof SAGAS_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface SagasOptionsFactory {
  createSagasOptions(): SagasModuleOptions | Promise<SagasModuleOptions>;
}
