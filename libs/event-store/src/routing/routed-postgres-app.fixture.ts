// Test fixture (not part of the public API): an app whose event store routes to four storage
// targets on real PostgreSQL — the shared tables, a schema of its own (acme), and databases of
// their own (globex: a MikroORM with the default context name; initech: with its own).
import { randomBytes } from 'node:crypto';
import {
  CqrsDddModule,
  runInContext,
  SHARED_STORAGE_TARGET,
  StorageTargets,
  UnitOfWork,
  type StorageTarget,
} from '@cqrs-ddd/core';
import { FakeStorageTargets } from '@cqrs-ddd/core/testing';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager, MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Global, Module, type INestApplicationContext } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import pg from 'pg';
import { EventStoreModule } from '../module/event-store.module.js';
import { InjectAggregateRepository } from '../module/event-store.tokens.js';
import type { AggregateRepository } from '../repository/aggregate-repository.js';
import { ORDER_EVENTS, Order } from '../repository/order.fixture.js';
import { CUSTOMER_EVENTS, Customer, CustomerSchema } from '../state-stored/customer.fixture.js';
import { createTestOrm } from '../testing/postgres-test-database.js';

export type Tenant = 'shared' | 'acme' | 'globex' | 'initech';
export const TENANTS: Tenant[] = ['shared', 'acme', 'globex', 'initech'];

/** Places an order (and registers its customer, a state-stored entity); fails after saving. */
export class PlaceOrder {
  constructor(
    readonly orderId: string,
    readonly customerId?: string,
    readonly fail = false,
  ) {}
}

@CommandHandler(PlaceOrder)
class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  constructor(
    @InjectAggregateRepository(Order) private readonly orders: AggregateRepository<Order>,
    private readonly em: EntityManager,
    private readonly unitOfWork: UnitOfWork,
    private readonly storageTargets: StorageTargets,
  ) {}

  async execute({ orderId, customerId, fail }: PlaceOrder) {
    if (customerId) {
      // Entities of a database tenant live in its database: its MikroORM's context is the unit.
      const orm = this.storageTargets.current().connection as MikroORM | undefined;
      (orm?.em ?? this.em).persist(Customer.register(customerId, 'Ann'));
    }
    const order = Order.create(orderId, customerId ?? 'anonymous');
    order.addItem('p-1', 1);
    await this.orders.save(order);
    if (fail) throw new Error('the handler failed after saving');
    return { version: order.version, inUnit: this.unitOfWork.isActive() };
  }
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The booted app and what the tests need around it. */
export interface RoutedPostgresApp {
  readonly app: INestApplicationContext;
  /** Name of the schema of the acme tenant. */
  readonly acmeSchema: string;
  targetOf(tenant: Tenant): StorageTarget;
  /** Runs `fn` as the pipeline would for `tenant`: its target prepared, in its context. */
  asTenant<T>(tenant: Tenant, fn: () => Promise<T>): Promise<T>;
  /** Rows of `sql` in the database of `tenant`'s target; `<schema>` is its event store schema. */
  rawQuery<T extends object>(tenant: Tenant, sql: string, params?: unknown[]): Promise<T[]>;
  /** Closes the app and the tenants' MikroORMs, drops their databases and schema. */
  close(): Promise<void>;
}

/**
 * Creates the tenants' databases (next to the test file's own, on the same server) and boots the
 * app with `EventStoreModule.forRoot({ driver: 'postgres', postgres: { migrate: true } })`.
 */
export async function bootRoutedPostgresApp(pollIntervalMs = 600_000): Promise<RoutedPostgresApp> {
  const suffix = randomBytes(4).toString('hex');
  const base = process.env.TEST_DATABASE_NAME ?? `cqrs_ddd_test_${suffix}`;
  const acmeSchema = `tenant_acme_${suffix}`;
  const databases: string[] = [];
  const tenantOrms: MikroORM[] = [];
  const openDatabase = async (name: string, contextName?: string) => {
    await onServer(`CREATE DATABASE ${name}`);
    databases.push(name);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    const overrides = { clientUrl: url.toString(), entities: [CustomerSchema] };
    const orm = await createTestOrm(contextName ? { ...overrides, contextName } : overrides);
    tenantOrms.push(orm);
    await orm.schema.create();
    return orm;
  };
  const targets = new Map<string, StorageTarget>([
    ['acme', { key: `schema:${acmeSchema}`, tenantId: 'acme', schema: acmeSchema }],
  ]);
  const dispose = async () => {
    await Promise.all(tenantOrms.map((orm) => orm.close()));
    for (const name of databases) await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await onServer(`DROP SCHEMA IF EXISTS "${acmeSchema}" CASCADE`);
  };
  try {
    return await boot();
  } catch (error) {
    await dispose();
    throw error;
  }

  async function boot(): Promise<RoutedPostgresApp> {
    for (const tenant of ['globex', 'initech']) {
      // initech's MikroORM gets a context name of its own, globex keeps MikroORM's default.
      const connection = await openDatabase(
        `${base}_${tenant}`,
        tenant === 'initech' ? tenant : undefined,
      );
      targets.set(tenant, { key: `database:${tenant}`, tenantId: tenant, connection });
    }
    const storageTargets = new FakeStorageTargets(targets.values());

    @Global()
    @Module({
      providers: [{ provide: StorageTargets, useValue: storageTargets }],
      exports: [StorageTargets],
    })
    class StorageTargetsModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        StorageTargetsModule,
        MikroOrmModule.forRoot({
          driver: PostgreSqlDriver,
          clientUrl: process.env.DATABASE_URL,
          entities: [CustomerSchema],
          registerRequestContext: false,
        }),
        CqrsDddModule.forRoot({
          context: { http: false },
          pipeline: { logging: false, retry: false },
        }),
        EventStoreModule.forRoot({
          driver: 'postgres',
          events: [...ORDER_EVENTS, ...CUSTOMER_EVENTS],
          postgres: { migrate: true, pollIntervalMs },
        }),
        EventStoreModule.forFeature([Order]),
      ],
      providers: [PlaceOrderHandler],
    }).compile();
    const app = await moduleRef.init();
    const appOrm = app.get(MikroORM);
    await appOrm.schema.create();
    const targetOf = (tenant: Tenant) => targets.get(tenant) ?? SHARED_STORAGE_TARGET;

    return {
      app,
      acmeSchema,
      targetOf,
      asTenant: async (tenant, fn) => {
        if (tenant === 'shared') return fn();
        await storageTargets.prepare(tenant);
        return runInContext({ tenantId: tenant }, fn);
      },
      rawQuery: <T extends object>(tenant: Tenant, sql: string, params: unknown[] = []) => {
        const { connection, schema } = targetOf(tenant);
        const orm = (connection as MikroORM | undefined) ?? appOrm;
        const resolved = sql.replaceAll('<schema>', `"${schema ?? 'public'}"`);
        return orm.em.getConnection().execute<T[]>(resolved, params);
      },
      close: async () => {
        await app.close();
        await dispose();
      },
    };
  }
}
