import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { IdentityModuleOptions } from './identity-module.options.js';

/** Injection token of the {@link IdentityModuleOptions}. */
export const IDENTITY_MODULE_OPTIONS = Symbol('cqrs-ddd:IDENTITY_MODULE_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared. */
export interface IdentityModuleExtras {
  /**
   * Register the module globally, so `LoginService`, `TokenIssuer`, `JwtVerifier`, the stores
   * and the guards are injectable everywhere. Import it once, in the root module.
   * @default true
   */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableIdentityModule,
  OPTIONS_TYPE: IDENTITY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: IDENTITY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<IdentityModuleOptions>({
  optionsInjectionToken: IDENTITY_MODULE_OPTIONS,
  moduleName: 'Identity',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createIdentityOptions')
  .setExtras<IdentityModuleExtras>({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Options of `IdentityModule.forRoot`: the module options plus the extras. */
export type IdentityModuleRootOptions = typeof IDENTITY_OPTIONS_TYPE;

/** Options of `IdentityModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type IdentityModuleAsyncOptions = typeof IDENTITY_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface IdentityOptionsFactory {
  createIdentityOptions(): IdentityModuleOptions | Promise<IdentityModuleOptions>;
}
