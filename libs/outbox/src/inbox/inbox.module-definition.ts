import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { InboxModuleOptions } from './inbox-module.options.js';

/** Injection token of the {@link InboxModuleOptions}. */
export const INBOX_MODULE_OPTIONS = Symbol('cqrs-ddd:INBOX_MODULE_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared. */
export interface InboxModuleExtras {
  /**
   * Register the module globally, so `@Inbox()` handlers of every module find the
   * `InboxInterceptor`'s dependencies and `InboxStore` is injectable everywhere. Import it
   * once, in the root module.
   * @default true
   */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableInboxModule,
  OPTIONS_TYPE: INBOX_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: INBOX_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<InboxModuleOptions>({
  optionsInjectionToken: INBOX_MODULE_OPTIONS,
  moduleName: 'Inbox',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createInboxOptions')
  .setExtras<InboxModuleExtras>({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Options of `InboxModule.forRoot`: the module options plus the extras. */
export type InboxModuleRootOptions = typeof INBOX_OPTIONS_TYPE;

/** Options of `InboxModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type InboxModuleAsyncOptions = typeof INBOX_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface InboxOptionsFactory {
  createInboxOptions(): InboxModuleOptions | Promise<InboxModuleOptions>;
}
