import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from '@cqrs-ddd/observability';
import { SharedServerWsAdapter } from '@cqrs-ddd/streaming';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { describeTenant, loadAppConfig, redactDatabaseUrl } from './config/app-config.js';
import { connectMessaging } from './messaging/connect-messaging.js';
import { type RunningDatabase, startEmbeddedPostgres } from './config/embedded-postgres.js';

/**
 * Boots the reference app: configuration from the environment, PostgreSQL (DATABASE_URL, or
 * embedded PostgreSQL kept under `.data/postgres`), then the Nest app on PORT, logging JSON
 * lines (pino, LOG_LEVEL).
 *
 * Shutdown on SIGTERM/SIGINT: the HTTP server stops accepting connections and drains in-flight
 * requests (Apollo's drain gives them up to 10 s; reads waiting for the read model still
 * complete, as the projections run until then), the projections finish their running batch,
 * the event store closes its LISTEN connection, MikroORM its pool, the embedded PostgreSQL
 * stops last; then the process exits with 0.
 */
async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  const config = loadAppConfig(process.env);
  const database: RunningDatabase = config.databaseUrl
    ? {
        url: config.databaseUrl,
        description: `PostgreSQL at ${redactDatabaseUrl(config.databaseUrl)}`,
        stop: async () => undefined,
      }
    : await startEmbeddedPostgres({ dataDir: config.embeddedPostgresDir });
  try {
    const app = await NestFactory.create(
      AppModule.forRoot({
        config: { ...config, databaseUrl: database.url },
        afterShutdown: () => database.stop(),
      }),
      { bufferLogs: true },
    );
    // JSON logs (pino) with correlation, causation, trace and tenant ids on every line.
    app.useLogger(app.get(PinoLogger));
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    app.useWebSocketAdapter(new SharedServerWsAdapter(app));
    await connectMessaging(app, config);
    await app.listen(config.port);
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://localhost:${port}`;
    logger.log(`Orders reference app listening on ${url}`);
    logger.log(`API docs (OpenAPI): ${url}/docs - GraphQL: ${url}/graphql`);
    const readModels =
      config.readModelStore === 'mongo' && config.mongoUrl
        ? `MongoDB at ${redactDatabaseUrl(config.mongoUrl)}`
        : config.readModelStore;
    logger.log(`Database: ${database.description}; read models in ${readModels}`);
    if (config.amqpUrl) {
      logger.log(
        `Outbox: order.confirmed and order.cancelled to RabbitMQ exchange "${config.amqpExchange}"; ` +
          `notifications consumer on queue "${config.amqpQueue}"`,
      );
    }
    logger.log(
      `Tenants: ${config.tenants.length > 0 ? config.tenants.map(describeTenant).join(', ') : 'none registered at start-up'}. ` +
        'Requests need "Authorization: Bearer <token>"; get a development token with ' +
        '`npm run token -- --sub alice --tenant acme --roles order:reader,order:writer`.',
    );
  } catch (error) {
    await database.stop().catch(() => undefined);
    throw error;
  }
}

await bootstrap();
