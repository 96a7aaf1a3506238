import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ProjectionsModuleOptions } from './projections-module.options.js';

/** Injection token of the {@link ProjectionsModuleOptions}. */
export const PROJECTIONS_MODULE_OPTIONS = Symbol('cqrs-ddd:PROJECTIONS_MODULE_OPTIONS');

/** Module-shaping options of `forRoot` / `forRootAsync`, known when the module is declared. */
export interface ProjectionsModuleExtras {
  /**
   * Register the module globally, so `ProjectionsService`, `ProcessorEngine` and the stores are
   * injectable everywhere and `forFeature` modules find them. Import it once, in the root module.
   * @default true
   */
  isGlobal?: boolean;
  /**
   * `forRootAsync` only: name of the `MongooseModule` connection of the `'mongo'` store, needed
   * before the options exist (`forRoot` reads `mongo.connectionName`).
   * @default the default connection
   */
  mongoConnectionName?: string;
}

export const {
  ConfigurableModuleClass: ConfigurableProjectionsModule,
  OPTIONS_TYPE: PROJECTIONS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: PROJECTIONS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ProjectionsModuleOptions>({
  optionsInjectionToken: PROJECTIONS_MODULE_OPTIONS,
  moduleName: 'Projections',
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createProjectionsOptions')
  .setExtras<ProjectionsModuleExtras>(
    { isGlobal: true, mongoConnectionName: undefined },
    (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
    }),
  )
  .build();

/** Options of `ProjectionsModule.forRoot`: the module options plus the extras. */
export type ProjectionsModuleRootOptions = typeof PROJECTIONS_OPTIONS_TYPE;

/** Options of `ProjectionsModule.forRootAsync`: `useFactory`+`inject`, `useClass` or `useExisting`, `imports`, plus the extras. */
export type ProjectionsModuleAsyncOptions = typeof PROJECTIONS_ASYNC_OPTIONS_TYPE;

/** Implemented by a class given as `useClass` / `useExisting` to `forRootAsync`. */
export interface ProjectionsOptionsFactory {
  createProjectionsOptions(): ProjectionsModuleOptions | Promise<ProjectionsModuleOptions>;
}
