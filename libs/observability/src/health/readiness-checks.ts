import type { OutboxModuleOptions } from '@cqrs-ddd/outbox';
import type { MikroORM } from '@mikro-orm/core';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { BrokerHealth } from './broker.health.js';
import { OBSERVABILITY_HEALTH_OPTIONS, type ResolvedHealthOptions } from './health.options.js';
import { MongoHealth } from './mongo.health.js';
import { importOptional, registeredProvider } from './optional-dependency.js';
import { PostgresHealth } from './postgres.health.js';
import { ProcessorsHealth } from './processors.health.js';
import { RedisHealth } from './redis.health.js';

/**
 * The readiness checks of what the application actually has, found once at start-up in its
 * container (the packages are optional: a missing one means the app does not use it):
 *
 * | key            | when                                             | down when                      |
 * | -------------- | ------------------------------------------------ | ------------------------------ |
 * | `database`     | MikroORM (`MikroOrmModule`)                      | `select 1` fails or times out  |
 * | `transactions` | MikroORM on PostgreSQL                           | a transaction is open too long |
 * | `mongodb`      | a mongoose connection (`MongooseModule.forRoot`) | `ping` fails or times out      |
 * | `redis`        | `RedisModule` of `@cqrs-ddd/redis`               | `PING` fails or times out      |
 * | `projections`  | `ProjectionsModule`                              | a projection stopped or lags   |
 * | `outbox`       | `OutboxModule`                                   | a publisher stopped or lags    |
 * | `broker`       | `OutboxModule`                                   | a publisher cannot publish     |
 */
@Injectable()
export class ReadinessChecks implements OnModuleInit {
  private found: HealthIndicatorFunction[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly indicators: HealthIndicatorService,
    @Inject(OBSERVABILITY_HEALTH_OPTIONS) private readonly options: ResolvedHealthOptions,
  ) {}

  /** The checks found (in the order of the table). */
  get checks(): readonly HealthIndicatorFunction[] {
    return this.found;
  }

  /** Looks the dependencies up. */
  async onModuleInit(): Promise<void> {
    const found = await Promise.all([
      this.postgres(),
      this.mongo(),
      this.redis(),
      this.projections(),
      this.outbox(),
    ]);
    this.found = found.flat();
  }

  private async postgres(): Promise<HealthIndicatorFunction[]> {
    const mikroOrm = await importOptional<typeof import('@mikro-orm/core')>('@mikro-orm/core');
    const orm = mikroOrm && registeredProvider<MikroORM>(this.moduleRef, mikroOrm.MikroORM);
    if (!orm) return [];
    const health = new PostgresHealth(this.indicators, orm, this.options.timeoutMs);
    const checks: HealthIndicatorFunction[] = [() => health.ping('database')];
    const postgres =
      await importOptional<typeof import('@mikro-orm/postgresql')>('@mikro-orm/postgresql');
    if (postgres && orm.em.getDriver() instanceof postgres.PostgreSqlDriver) {
      const { maxTransactionAgeSeconds } = this.options;
      checks.push(() => health.transactions('transactions', maxTransactionAgeSeconds));
    }
    return checks;
  }

  private async mongo(): Promise<HealthIndicatorFunction[]> {
    const nestMongoose =
      await importOptional<typeof import('@nestjs/mongoose')>('@nestjs/mongoose');
    const connection =
      nestMongoose &&
      registeredProvider<import('mongoose').Connection>(
        this.moduleRef,
        nestMongoose.getConnectionToken(),
      );
    if (!connection) return [];
    const health = new MongoHealth(this.indicators, connection, this.options.timeoutMs);
    return [() => health.ping('mongodb')];
  }

  private async redis(): Promise<HealthIndicatorFunction[]> {
    const redis = await importOptional<typeof import('@cqrs-ddd/redis')>('@cqrs-ddd/redis');
    const client =
      redis &&
      registeredProvider<import('@cqrs-ddd/redis').RedisClient>(this.moduleRef, redis.REDIS_CLIENT);
    if (!client) return [];
    const health = new RedisHealth(this.indicators, client, this.options.timeoutMs);
    return [() => health.ping('redis')];
  }

  private async projections(): Promise<HealthIndicatorFunction[]> {
    const lib =
      await importOptional<typeof import('@cqrs-ddd/projections')>('@cqrs-ddd/projections');
    const projections = lib && registeredProvider(this.moduleRef, lib.ProjectionsService);
    if (!projections) return [];
    const health = this.processorsHealth();
    return [() => health.projections('projections', projections)];
  }

  private async outbox(): Promise<HealthIndicatorFunction[]> {
    const lib = await importOptional<typeof import('@cqrs-ddd/outbox')>('@cqrs-ddd/outbox');
    const outbox = lib && registeredProvider(this.moduleRef, lib.OutboxService);
    if (!outbox) return [];
    const options = registeredProvider<OutboxModuleOptions>(
      this.moduleRef,
      lib.OUTBOX_MODULE_OPTIONS,
    );
    const transports = new Map(
      (options?.publishers ?? []).map(({ name, transport }) => [name, transport.constructor.name]),
    );
    const processors = this.processorsHealth();
    const broker = new BrokerHealth(this.indicators, outbox, transports, this.options.timeoutMs);
    return [() => processors.outbox('outbox', outbox), () => broker.check('broker')];
  }

  private processorsHealth(): ProcessorsHealth {
    return new ProcessorsHealth(this.indicators, this.options.processors, this.options.timeoutMs);
  }
}
