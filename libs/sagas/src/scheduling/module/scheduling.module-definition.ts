import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { SchedulingModuleOptions } from './scheduling-module.options.js';

/** Injection token of the {@link SchedulingModuleOptions}. */
export const SCHEDULING_MODULE_OPTIONS = Symbol('cqrs-ddd:SCHEDULING_MODULE_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`. */
export interface SchedulingModuleExtras {
  /** Register the scheduler, job queue and admin service globally. @default true */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableSchedulingModule,
  OPTIONS_TYPE: SCHEDULING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: SCHEDULING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<SchedulingModuleOptions>({
  optionsInjectionToken: SCHEDULING_MODULE_OPTIONS,
  moduleName: 'Scheduling',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createSchedulingOptions')
  .setExtras<SchedulingModuleExtras>({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Options of `SchedulingModule.forRoot`: the module options plus the extras. */
export type SchedulingModuleRootOptions = typeof SCHEDULING_OPTIONS_TYPE;

/** Options of `SchedulingModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type SchedulingModuleAsyncOptions = typeof SCHEDULING_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface SchedulingOptionsFactory {
  createSchedulingOptions(): SchedulingModuleOptions | Promise<SchedulingModuleOptions>;
}
