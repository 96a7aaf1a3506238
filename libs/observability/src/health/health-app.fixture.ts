import { randomBytes } from 'node:crypto';
import {
  type AppendResult,
  CqrsDddModule,
  DomainEvent,
  EventStore,
  type ProjectionHandlerContext,
  type ReadModelDocument,
  type StoredEvent,
} from '@cqrs-ddd/core';
import { EventStoreModule } from '@cqrs-ddd/event-store';
import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import { OutboxModule, type OutboxPublisherDefinition } from '@cqrs-ddd/outbox';
import { On, Projection, ProjectionsModule } from '@cqrs-ddd/projections';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { HealthOptions } from '../module/observability.options.js';
import { ObservabilityHealthModule } from './observability-health.module.js';

/** The event of the fixture's log. */
export class Deposited extends DomainEvent {
  static readonly type = 'health.deposited';
  constructor(readonly amount: number) {
    super();
  }
}

interface Balance extends ReadModelDocument {
  readonly balance: number;
}

/** A projection to stop, pause and watch lag. */
@Projection({ name: 'balances', version: 1, idlePollMs: 100, leaseTtlMs: 2_000 })
export class BalanceProjection {
  @On(Deposited)
  async deposited(
    event: StoredEvent<{ amount: number }>,
    { collection, at }: ProjectionHandlerContext<Balance>,
  ): Promise<void> {
    const current = await collection.get(event.streamId);
    await collection.upsert(
      { id: event.streamId, balance: (current?.balance ?? 0) + event.data.amount },
      at,
    );
  }
}

/** A started test application and its `GET <path>/ready`. */
export interface HealthApp {
  readonly app: INestApplication;
  /** `GET /health/ready`: status and body. */
  ready(): Promise<{ status: number; body: HealthBody }>;
  /** Appends a deposit to a new stream. */
  deposit(): Promise<AppendResult>;
  close(): Promise<void>;
}

/** The terminus report. */
export interface HealthBody {
  readonly status: string;
  readonly info?: Record<string, Record<string, unknown>>;
  readonly error?: Record<string, Record<string, unknown>>;
  readonly details: Record<string, Record<string, unknown>>;
}

/**
 * Boots an HTTP app on the test file's database: the PostgreSQL event store and projections
 * (the balances projection), `OutboxModule` with `publishers`, `extra` modules and the health
 * module under test.
 */
export async function startHealthApp(
  health: HealthOptions,
  publishers: readonly OutboxPublisherDefinition[],
  extra: readonly (DynamicModule | Promise<DynamicModule>)[] = [],
): Promise<HealthApp> {
  const schema = `health_${randomBytes(4).toString('hex')}`;
  const moduleRef = await Test.createTestingModule({
    imports: [
      testMikroOrmModule(),
      CqrsDddModule.forRoot({
        modules: [
          EventStoreModule.forRoot({
            events: [Deposited],
            driver: 'postgres',
            postgres: { migrate: true, pollIntervalMs: 100 },
          }),
        ],
      }),
      ProjectionsModule.forRoot({ store: 'postgres', postgres: { schema } }),
      ProjectionsModule.forFeature([BalanceProjection]),
      OutboxModule.forRoot({ publishers, postgres: { schema } }),
      ...extra,
      ObservabilityHealthModule.register(health, []),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return {
    app,
    async ready() {
      const response = await request(app.getHttpServer()).get('/health/ready');
      return { status: response.status, body: response.body as HealthBody };
    },
    deposit: () =>
      app
        .get(EventStore)
        .append(`account-${randomBytes(4).toString('hex')}`, [
          { type: Deposited.type, version: 1, data: { amount: 1 }, metadata: { tenantId: 'acme' } },
        ]),
    close: () => app.close(),
  };
}
