import { AccessControlModule } from '@cqrs-ddd/access-control';
import { AuditModule } from '@cqrs-ddd/audit';
import { CqrsDddModule } from '@cqrs-ddd/core';
import { EventStoreModule } from '@cqrs-ddd/event-store';
import { FeatureFlagsModule } from '@cqrs-ddd/feature-flags';
import { ObservabilityModule } from '@cqrs-ddd/observability';
import { ProjectionsModule } from '@cqrs-ddd/projections';
import { RedisModule } from '@cqrs-ddd/redis';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MongooseModule } from '@nestjs/mongoose';
import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AppConfig } from './config/app-config.js';
import { ORDER_ACCESS_CONTROL } from './access/order-access.rules.js';
import { AuthModule } from './auth/auth.module.js';
import { Public } from './auth/public.decorator.js';
import { FulfilmentModule } from './fulfilment/fulfilment.module.js';
import { orderCancellationFlag } from './features/order-feature-flags.js';
import { TenancyModule } from './tenancy/tenancy.module.js';
import { GraphqlApiModule } from './graphql/graphql-api.module.js';
import { HttpApiModule } from './http/http-api.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { OrderStreamingModule } from './streaming/order-streaming.module.js';

/** Options of {@link AppModule.forRoot}. */
export interface AppModuleOptions {
  /** The configuration, with the database already resolved (`main.ts` starts embedded Postgres). */
  readonly config: Omit<AppConfig, 'databaseUrl'> & { readonly databaseUrl: string };
  /**
   * Mount the REST and GraphQL APIs; off for application contexts without HTTP (the seed
   * script). @default true
   */
  readonly api?: boolean;
  /**
   * Start the projections (the `OrderSummary` read model) with the application. @default true
   */
  readonly processor?: boolean;
  /**
   * Runs last on shutdown, after every module closed (MikroORM's pool included): `main.ts`
   * stops the embedded PostgreSQL here.
   * @default nothing
   */
  readonly afterShutdown?: () => Promise<void>;
  /**
   * Trace into this exporter, span by span, whatever `OTEL_TRACES_EXPORTER` says (tests pass an
   * `InMemorySpanExporter`). @default the configured exporter
   */
  readonly spanExporter?: SpanExporter;
}

const AFTER_SHUTDOWN = Symbol('reference:AFTER_SHUTDOWN');

/** The observability parts of the app: endpoints only with the API, tracing as configured. */
function observabilityOptions({ config, api, spanExporter }: AppModuleOptions) {
  const tracing = spanExporter
    ? { exporter: spanExporter, simple: true }
    : config.tracesExporter === 'none'
      ? false
      : { exporter: config.tracesExporter, otlpUrl: config.otlpTracesUrl };
  return {
    serviceName: 'orders-reference',
    tracing,
    metrics: api === false ? false : {},
    health: api === false ? false : {},
    logging: { level: config.logLevel },
    endpointDecorators: [Public(), ApiExcludeController()],
  } as const;
}

/**
 * The reference app: MikroORM on PostgreSQL; the event store (`'postgres'` driver, migrations
 * applied at start-up) whose MikroORM unit of work is the pipeline's transaction, so each
 * command commits its events atomically; multitenancy (tenant registry in PostgreSQL, tenant from
 * the bearer token, row-level security on the suite's tables); access control (RBAC roles and the
 * customer-scope ABAC rule, enforced in the command/query pipeline); the audit trail (every command and denial, in
 * PostgreSQL, append-only and hash-chained); feature flags in PostgreSQL
 * (order cancellation rolled out to a share of tenants); the projections (read
 * models on MongoDB when `MONGO_URL` is set, else on PostgreSQL, or in memory); the Orders
 * context; messaging over RabbitMQ when `AMQP_URL` is set (outbox and inbox); the REST and
 * GraphQL APIs.
 */
@Module({})
export class AppModule implements OnApplicationShutdown {
  constructor(@Inject(AFTER_SHUTDOWN) private readonly afterShutdown: () => Promise<void>) {}

  /** The app's module for `options`. */
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        MikroOrmModule.forRoot({
          driver: PostgreSqlDriver,
          clientUrl: config.databaseUrl,
          entities: [],
          discovery: { warnWhenNoEntities: false },
        }),
        // The event store provides its MikroORM unit of work, which the pipeline then uses as
        // every command's transaction: no further wiring.
        CqrsDddModule.forRoot({
          modules: [EventStoreModule.forRoot({ driver: 'postgres', postgres: { migrate: true } })],
        }),
        // Traces (OTLP/console per OTEL_TRACES_EXPORTER) from the HTTP request through the log to
        // the projections, the saga and the broker's consumers; `/metrics`; `/health/live|ready`;
        // pino JSON logs with correlation, causation, trace and tenant ids.
        ObservabilityModule.forRoot(observabilityOptions(options)),
        TenancyModule.forRoot(config),
        // Every command and query is authorized in the pipeline, whatever its entry point.
        AccessControlModule.forRoot({ ...ORDER_ACCESS_CONTROL, isGlobal: true }),
        // Every command (and every denial) is recorded in the hash-chained, append-only trail;
        // a command's success entry commits in its transaction. `GET /audit` for audit:read.
        AuditModule.forRoot({
          store: 'postgres',
          postgres: { migrate: true },
          http: options.api !== false,
          isGlobal: true,
        }),
        // Flags in PostgreSQL (per-tenant overrides, changes reach every instance via NOTIFY);
        // order cancellation is rolled out to a share of tenants; admin API at /feature-flags.
        FeatureFlagsModule.forRoot({
          provider: 'postgres',
          flags: [orderCancellationFlag(config.orderCancellationRollout)],
          adminApi: options.api !== false,
          isGlobal: true,
        }),
        ...(config.readModelStore === 'mongo' && config.mongoUrl
          ? [MongooseModule.forRoot(config.mongoUrl)]
          : []),
        ProjectionsModule.forRoot({
          store: config.readModelStore,
          // Leases, parked events and generations are shared by every instance.
          coordination: 'postgres',
          autoStart: options.processor ?? true,
          waitForTimeoutMs: config.readModelWaitMs,
        }),
        ...(config.redisUrl ? [RedisModule.forRoot({ url: config.redisUrl, isGlobal: true })] : []),
        OrdersModule.forRoot({
          readModelWaitMs: config.readModelWaitMs,
          cache: config.redisUrl ? 'redis' : 'memory',
          cacheTtlMs: config.orderCacheTtlMs,
        }),
        // The order fulfilment saga (stock, payment, shipping) with its durable timeouts.
        FulfilmentModule.forRoot({
          config,
          api: options.api !== false,
          workers: (options.processor ?? true) && config.orderFulfilment,
        }),
        MessagingModule.forRoot(config, { relay: options.processor ?? true }),
        ...(options.api === false
          ? []
          : [
              AuthModule.forRoot(config),
              HttpApiModule,
              // Order events to clients from the log: SSE `GET /events/stream`, WebSocket
              // `/events/ws`, GraphQL subscription `orderEvents`.
              OrderStreamingModule.forRoot({
                bufferLimit: config.streamBufferLimit,
                heartbeatMs: config.streamHeartbeatMs,
              }),
              GraphqlApiModule,
            ]),
      ],
      providers: [
        { provide: AFTER_SHUTDOWN, useValue: options.afterShutdown ?? (async () => undefined) },
      ],
    };
  }

  /** The root module shuts down after all others (Nest runs the hooks deepest module first). */
  async onApplicationShutdown(): Promise<void> {
    await this.afterShutdown();
  }
}
