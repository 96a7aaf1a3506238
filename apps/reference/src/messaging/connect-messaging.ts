import { prepareRabbitMqConsumer } from '@cqrs-ddd/outbox/rabbitmq';
import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';

/**
 * Starts the notifications consumer on RabbitMQ when `AMQP_URL` is set: declares its queue
 * (`AMQP_QUEUE`, dead letters to `<queue>.dlq`) on the `AMQP_EXCHANGE` exchange and connects
 * the Nest RMQ transport with manual acks. Call before `app.listen()`.
 */
export async function connectMessaging(
  app: INestApplication,
  config: Pick<AppConfig, 'amqpUrl' | 'amqpExchange' | 'amqpQueue'>,
): Promise<void> {
  if (!config.amqpUrl) return;
  const options = await prepareRabbitMqConsumer({
    url: config.amqpUrl,
    queue: config.amqpQueue,
    exchange: config.amqpExchange,
  });
  // The global guards and interceptors (identity, tenant, access control) apply to messages too.
  app.connectMicroservice(options, { inheritAppConfig: true });
  await app.startAllMicroservices();
}
