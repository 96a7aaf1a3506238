import 'reflect-metadata';
import { TenantContext } from '@cqrs-ddd/multitenancy';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { AppModule } from './app.module.js';
import { loadAppConfig } from './config/app-config.js';
import { type RunningDatabase, startEmbeddedPostgres } from './config/embedded-postgres.js';
import { AddOrderItemCommand } from './orders/commands/add-order-item.command.js';
import { CancelOrderCommand } from './orders/commands/cancel-order.command.js';
import { ConfirmOrderCommand } from './orders/commands/confirm-order.command.js';
import { CreateOrderCommand } from './orders/commands/create-order.command.js';
import type { OrderWriteResult } from './orders/commands/order-write-result.js';

/** Demo orders: [customer, items, what happens next]. */
const DEMO_ORDERS: [string, [string, number, number][], 'confirm' | 'cancel' | 'keep'][] = [
  [
    'customer-ada',
    [
      ['keyboard', 1, 89.9],
      ['usb-cable', 3, 4.5],
    ],
    'confirm',
  ],
  ['customer-grace', [['monitor', 2, 219.0]], 'keep'],
  [
    'customer-linus',
    [
      ['laptop-stand', 1, 39.99],
      ['mouse', 1, 24.95],
    ],
    'cancel',
  ],
  ['customer-barbara', [], 'keep'],
];

/**
 * `npm run seed [-- <tenant>]`: creates a few demo orders for the tenant (default: the first of
 * `TENANTS`, `acme`) through the command bus (so the full pipeline and tenancy apply), on the database `npm start` uses — DATABASE_URL, or the
 * embedded PostgreSQL (reused when the app is running). A running app projects them at once;
 * otherwise it does when it starts.
 */
async function seed(): Promise<void> {
  const config = loadAppConfig(process.env);
  const database: RunningDatabase = config.databaseUrl
    ? { url: config.databaseUrl, description: 'DATABASE_URL', stop: async () => undefined }
    : await startEmbeddedPostgres({ dataDir: config.embeddedPostgresDir });
  try {
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({
        config: { ...config, databaseUrl: database.url },
        api: false,
        processor: false,
      }),
      { logger: ['error', 'warn'] },
    );
    try {
      const tenant = process.argv[2] ?? config.tenants[0]?.id;
      if (!tenant) throw new Error('Name the tenant to seed: npm run seed -- <tenant>');
      const commands = app.get(CommandBus);
      // The seed runs as a system principal with the writer and approver roles: the access
      // control step checks its commands like any other caller's.
      const principal = {
        id: 'seed-cli',
        tenantId: tenant,
        roles: ['order:writer', 'order:approver'],
        authMethod: 'system',
      };
      await app.get(TenantContext).run(
        tenant,
        async () => {
          for (const [customerId, items, next] of DEMO_ORDERS) {
            const created = await commands.execute<CreateOrderCommand, OrderWriteResult>(
              new CreateOrderCommand(customerId),
            );
            let result = created;
            for (const [productId, quantity, unitPrice] of items) {
              result = await commands.execute<AddOrderItemCommand, OrderWriteResult>(
                new AddOrderItemCommand(created.id, productId, quantity, unitPrice),
              );
            }
            if (next === 'confirm')
              result = await commands.execute(new ConfirmOrderCommand(created.id));
            if (next === 'cancel')
              result = await commands.execute(new CancelOrderCommand(created.id));
            console.log(
              `Order ${result.id} for ${customerId}: version ${result.version} (${next})`,
            );
          }
        },
        { principal },
      );
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

await seed();
