import {
  Inject,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { RequestContextMiddleware } from '../context/request-context.middleware.js';
import {
  REQUEST_CONTEXT_OPTIONS,
  type ResolvedRequestContextOptions,
} from '../context/request-context.options.js';
import {
  ConfigurableCqrsDddModule,
  type CqrsDddModuleRootOptions,
} from './cqrs-ddd.module-definition.js';
import { cqrsDddExports, cqrsDddProviders } from './cqrs-ddd.providers.js';

/**
 * The suite's root module: CQRS (`@nestjs/cqrs`'s `CqrsModule.forRoot()`) with the
 * command/query pipeline installed on its buses, request contexts on nestjs-cls (HTTP
 * middleware, interceptor, decorators), and in-memory defaults for the ports it uses.
 *
 * ```ts
 * @Module({
 *   imports: [
 *     CqrsDddModule.forRootAsync({
 *       imports: [EventStoreModule.forRoot({ ... })],
 *       inject: [MikroOrmUnitOfWork, PostgresIdempotencyStore],
 *       useFactory: (unitOfWork, idempotencyStore) => ({ unitOfWork, idempotencyStore }),
 *       modules: [MultitenancyModule.forRoot({ ... }), AccessControlModule.forRoot({ ... })],
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 *
 * How another library plugs in: (1) its module goes into `modules` (imported and re-exported
 * by this one import); (2) its pipeline steps are `@PipelineStep({ name, order })` providers
 * in its module, discovered at start-up — reserved slots in `PipelineStepOrder`; (3) its
 * adapters of core ports (`UnitOfWork`, `IdempotencyStore`, `Clock`, `IdGenerator`) are handed
 * over through `forRootAsync`'s `inject` + `useFactory`; (4) its entry points (consumers,
 * workers) restore context with `@WithRequestContext()` / `runInContext` and
 * `contextFromEventMetadata`.
 *
 * With nestjs-cls features of its own (proxy providers, plugins), the app also imports
 * `ClsModule.forRoot(...)`; this module only imports the plain `ClsModule`.
 */
@Module({ providers: cqrsDddProviders, exports: cqrsDddExports })
export class CqrsDddModule extends ConfigurableCqrsDddModule implements NestModule {
  constructor(
    @Inject(REQUEST_CONTEXT_OPTIONS) private readonly contextOptions: ResolvedRequestContextOptions,
  ) {
    super();
  }

  /**
   * Registers the module with static options; every option is optional, so
   * `CqrsDddModule.forRoot()` gives the full pipeline on in-memory defaults.
   */
  static override forRoot(options: CqrsDddModuleRootOptions = {}): DynamicModule {
    return super.forRoot(options);
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.contextOptions.http) consumer.apply(RequestContextMiddleware).forRoutes('{*path}');
  }
}
