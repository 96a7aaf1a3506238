import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AccessControlModuleOptions } from './access-control-module.options.js';

/** Injection token of the {@link AccessControlModuleOptions} (as given, before validation). */
export const ACCESS_CONTROL_OPTIONS = Symbol('cqrs-ddd:ACCESS_CONTROL_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared. */
export interface AccessControlModuleExtras {
  /**
   * Register the module globally, so `PolicyEnforcementPoint` (and the guard, step and
   * scope) are injectable everywhere. Import it once, in the root module.
   * @default true
   */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableAccessControlModule,
  OPTIONS_TYPE: ACCESS_CONTROL_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ACCESS_CONTROL_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AccessControlModuleOptions>({
  optionsInjectionToken: ACCESS_CONTROL_OPTIONS,
  moduleName: 'AccessControl',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createAccessControlOptions')
  .setExtras<AccessControlModuleExtras>({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Options of `AccessControlModule.forRoot`: the module options plus the extras. */
export type AccessControlModuleRootOptions = typeof ACCESS_CONTROL_OPTIONS_TYPE;

/** Options of `AccessControlModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type AccessControlModuleAsyncOptions = typeof ACCESS_CONTROL_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface AccessControlOptionsFactory {
  createAccessControlOptions(): AccessControlModuleOptions | Promise<AccessControlModuleOptions>;
}
