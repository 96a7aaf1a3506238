import { ConfigurableModuleBuilder, type Type } from '@nestjs/common';
import { RoleStreamAccessPolicy, StreamAccessPolicy } from '../access/stream-access.policy.js';
import { StreamAuthenticator } from '../access/stream-authenticator.js';
import type { StreamingModuleOptions } from './streaming-module.options.js';

/** Injection token of the {@link StreamingModuleOptions} (as given, before defaults). */
export const STREAMING_MODULE_OPTIONS = Symbol('cqrs-ddd:STREAMING_MODULE_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`. */
export interface StreamingModuleExtras {
  /**
   * Register the module globally, so `EventStreams` and the transport services are injectable
   * everywhere. @default false
   */
  isGlobal?: boolean;
  /**
   * The app's {@link StreamAccessPolicy} class, instantiated in this module (its dependencies
   * must be global providers). @default RoleStreamAccessPolicy
   */
  accessPolicy?: Type<StreamAccessPolicy>;
  /**
   * The app's {@link StreamAuthenticator} class (WebSocket and graphql-ws connections),
   * instantiated in this module (its dependencies must be global providers). @default none:
   * those transports refuse every connection
   */
  authenticator?: Type<StreamAuthenticator>;
}

export const {
  ConfigurableModuleClass: ConfigurableStreamingModule,
  OPTIONS_TYPE: STREAMING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: STREAMING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<StreamingModuleOptions>({
  optionsInjectionToken: STREAMING_MODULE_OPTIONS,
  moduleName: 'Streaming',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createStreamingOptions')
  .setExtras<StreamingModuleExtras>({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    providers: [
      ...(definition.providers ?? []),
      { provide: StreamAccessPolicy, useClass: extras.accessPolicy ?? RoleStreamAccessPolicy },
      ...(extras.authenticator
        ? [{ provide: StreamAuthenticator, useClass: extras.authenticator }]
        : []),
    ],
  }))
  .build();

/** Options of `StreamingModule.forRoot`: the module options plus the extras. */
export type StreamingModuleRootOptions = typeof STREAMING_OPTIONS_TYPE;

/** Options of `StreamingModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, plus the extras. */
export type StreamingModuleAsyncOptions = typeof STREAMING_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface StreamingOptionsFactory {
  createStreamingOptions(): StreamingModuleOptions | Promise<StreamingModuleOptions>;
}
