import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { EventStoreModuleOptions } from './event-store-module.options.js';

/** Injection token of the {@link EventStoreModuleOptions}. */
export const EVENT_STORE_MODULE_OPTIONS = Symbol('cqrs-ddd:EVENT_STORE_MODULE_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared. */
export interface EventStoreModuleExtras {
  /**
   * Register the module globally, so `EventStore`, `SnapshotStore`, `EventTypeRegistry`... are
   * injectable everywhere and `forFeature` modules find them. Import the module once, in the
   * app's root module.
   * @default true
   */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableEventStoreModule,
  OPTIONS_TYPE: EVENT_STORE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: EVENT_STORE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<EventStoreModuleOptions>({
  optionsInjectionToken: EVENT_STORE_MODULE_OPTIONS,
  moduleName: 'EventStore',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createEventStoreOptions')
  .setExtras<EventStoreModuleExtras>({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

/** Options of `EventStoreModule.forRoot`: the module options plus the extras. */
export type EventStoreModuleRootOptions = typeof EVENT_STORE_OPTIONS_TYPE;

/** Options of `EventStoreModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type EventStoreModuleAsyncOptions = typeof EVENT_STORE_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface EventStoreOptionsFactory {
  createEventStoreOptions(): EventStoreModuleOptions | Promise<EventStoreModuleOptions>;
}
