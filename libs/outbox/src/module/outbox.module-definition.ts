import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { OutboxModuleOptions } from './outbox-module.options.js';

/** Injection token of the {@link OutboxModuleOptions}. */
export const OUTBOX_MODULE_OPTIONS = Symbol('cqrs-ddd:OUTBOX_MODULE_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`. */
export interface OutboxModuleExtras {
  /** Register `OutboxService` globally. @default true */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableOutboxModule,
  OPTIONS_TYPE: OUTBOX_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: OUTBOX_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<OutboxModuleOptions>({
  optionsInjectionToken: OUTBOX_MODULE_OPTIONS,
  moduleName: 'Outbox',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createOutboxOptions')
  .setExtras<OutboxModuleExtras>({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Options of `OutboxModule.forRoot`: the module options plus the extras. */
export type OutboxModuleRootOptions = typeof OUTBOX_OPTIONS_TYPE;

/** Options of `OutboxModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type OutboxModuleAsyncOptions = typeof OUTBOX_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface OutboxOptionsFactory {
  createOutboxOptions(): OutboxModuleOptions | Promise<OutboxModuleOptions>;
}
