import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { SHARED_STORAGE_TARGET, type StoredEvent, TargetEventStores } from '@cqrs-ddd/core';
import { TenantContext } from '@cqrs-ddd/multitenancy';
import { type ProjectionRuntime, ProjectionsService } from '@cqrs-ddd/projections';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AppModule } from '../app.module.js';
import { loadAppConfig } from '../config/app-config.js';
import { AddOrderItemCommand } from './commands/add-order-item.command.js';
import { ConfirmOrderCommand } from './commands/confirm-order.command.js';
import { CreateOrderCommand } from './commands/create-order.command.js';
import type { OrderWriteResult } from './commands/order-write-result.js';
import { GetOrderQuery } from './queries/get-order.query.js';
import type { OrderSummary } from './read-model/order-summary.js';
import { OrderSummaryProjection } from './read-model/order-summary.projection.js';
import { isReadModelLaggingError } from './read-model/read-model-lagging.error.js';

/** One instance of the app (without HTTP) on the test file's PostgreSQL database. */
class Instance {
  private constructor(readonly app: INestApplicationContext) {}

  static async boot(options: { processor?: boolean; readModelWaitMs?: number } = {}) {
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({
        config: {
          ...loadAppConfig({}),
          port: 0,
          databaseUrl: process.env.DATABASE_URL!,
          embeddedPostgresDir: '',
          readModelStore: 'postgres',
          mongoUrl: undefined,
          readModelWaitMs: options.readModelWaitMs ?? 10_000,
          amqpExchange: 'orders.integration',
          amqpQueue: 'orders.notifications',
        },
        api: false,
        processor: options.processor ?? true,
      }),
      { logger: ['error'] },
    );
    return new Instance(app);
  }

  get projections(): ProjectionsService {
    return this.app.get(ProjectionsService);
  }

  get projection(): ProjectionRuntime {
    return this.projections.runtime(OrderSummaryProjection);
  }

  run(command: object): Promise<OrderWriteResult> {
    return this.asTenant(() => this.app.get(CommandBus).execute<object, OrderWriteResult>(command));
  }

  read(id: string, minVersion?: number): Promise<OrderSummary> {
    return this.asTenant(() =>
      this.app
        .get(QueryBus)
        .execute<GetOrderQuery, OrderSummary>(new GetOrderQuery(id, minVersion)),
    );
  }

  /**
   * Runs `work` in the tenant `acme` (registered by the configuration's default `TENANTS`), as a
   * principal with every order role (the access-control step authorizes each message).
   */
  private asTenant<T>(work: () => Promise<T>): Promise<T> {
    const principal = {
      id: 'orders-int-spec',
      tenantId: 'acme',
      roles: ['order:reader', 'order:writer', 'order:approver'],
      authMethod: 'system',
    };
    return this.app.get(TenantContext).run('acme', work, { principal });
  }

  /** Creates an order with `items` one-unit items; resolves with its id and version. */
  async order(customerId: string, items: number): Promise<OrderWriteResult> {
    let result = await this.run(new CreateOrderCommand(customerId));
    for (let i = 0; i < items; i += 1) {
      result = await this.run(new AddOrderItemCommand(result.id, `p-${i}`, 1, 2.5));
    }
    return result;
  }
}

// Each test boots one or two app instances; generous under a loaded CI machine.
jest.setTimeout(30_000);

describe('Orders on PostgreSQL: commands, projection, read model', () => {
  const running: Instance[] = [];
  const boot = async (options?: Parameters<typeof Instance.boot>[0]) => {
    const instance = await Instance.boot(options);
    running.push(instance);
    return instance;
  };

  afterEach(async () => {
    await Promise.all(running.splice(0).map((instance) => instance.app.close()));
  });

  it('projects concurrent commands into the read model; minVersion reads your write', async () => {
    const app = await boot();
    const written = await Promise.all(
      Array.from({ length: 12 }, (_, i) => app.order(`concurrent-${i}`, (i % 3) + 1)),
    );
    for (const [i, { id, version }] of written.entries()) {
      const summary = await app.read(id, version);
      expect(summary).toMatchObject({
        id,
        customerId: `concurrent-${i}`,
        status: 'pending',
        itemCount: (i % 3) + 1,
        total: ((i % 3) + 1) * 2.5,
        version,
      });
    }
  });

  it('resumes from its checkpoint after a restart, re-reading nothing it applied', async () => {
    const first = await boot();
    const { id, version } = await first.order('restart', 2);
    await first.read(id, version);
    await first.app.close();
    running.splice(running.indexOf(first), 1);

    const second = await boot({ processor: false });
    await second.run(new AddOrderItemCommand(id, 'p-0', 4, 2.5));
    const confirmed = await second.run(new ConfirmOrderCommand(id));

    // The processors read the shared target's own log (the app's EventStore routes per tenant).
    const eventStore = await second.app.get(TargetEventStores).forTarget(SHARED_STORAGE_TARGET);
    const read: StoredEvent[] = [];
    const readAll = eventStore.readAll.bind(eventStore);
    jest.spyOn(eventStore, 'readAll').mockImplementation(async (options) => {
      const batch = await readAll(options);
      read.push(...batch);
      return batch;
    });
    await second.projections.startAll();
    await expect(second.read(id, confirmed.version)).resolves.toMatchObject({
      status: 'confirmed',
      items: [
        { productId: 'p-0', quantity: 5, unitPrice: 2.5 },
        { productId: 'p-1', quantity: 1, unitPrice: 2.5 },
      ],
      itemCount: 6,
      version: 5,
    });
    expect(read.map((e) => [e.streamId, e.type])).toEqual([
      [id, 'order.item-added'],
      [id, 'order.confirmed'],
    ]);
  });

  it('minVersion waits for the projection, and reports lag past its bound', async () => {
    const waiting = await boot();
    await waiting.projection.processors().pause();
    const { id, version } = await waiting.order('waits', 1);
    const reading = waiting.read(id, version);
    waiting.projection.processors().resume();
    await expect(reading).resolves.toMatchObject({ id, version });

    // The only instance left holds the lease, paused: the next write stays unprojected.
    await waiting.app.close();
    running.splice(running.indexOf(waiting), 1);
    const lagging = await boot({ readModelWaitMs: 200 });
    await lagging.read(id, version);
    await lagging.projection.processors().pause();
    const added = await lagging.run(new AddOrderItemCommand(id, 'p-9', 1, 1));
    const error = await lagging.read(id, added.version).catch((e: unknown) => e);
    expect(isReadModelLaggingError(error)).toBe(true);
    expect(error).toMatchObject({ minVersion: added.version, currentVersion: version });
    expect((error as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(190);
  });

  it('runs on several instances: one holds the lease, both read every write', async () => {
    const [a, b] = await Promise.all([boot(), boot()]);
    const written = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).order(`scaled-${i}`, 2)),
    );
    for (const { id, version } of written) {
      await expect(a.read(id, version)).resolves.toMatchObject({ version, itemCount: 2 });
      await expect(b.read(id, version)).resolves.toMatchObject({ version, itemCount: 2 });
    }
    const leases = await Promise.all(
      [a, b].map(async (instance) => (await instance.projection.status()).active?.partitions[0]),
    );
    expect(leases.filter((partition) => partition?.leaseHeld)).toHaveLength(1);
    expect(leases.map((partition) => partition?.state).sort()).toEqual(['running', 'standby']);
  });
});
