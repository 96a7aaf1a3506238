import { InboxModule, OutboxModule } from '@cqrs-ddd/outbox';
import { RabbitMqPublisher } from '@cqrs-ddd/outbox/rabbitmq';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { ListOrderNotificationsHandler } from './list-order-notifications.handler.js';
import { OrderCommandsConsumer } from './order-commands.consumer.js';
import { OrderNotificationStore } from './order-notification.store.js';
import { OrderNotificationsConsumer } from './order-notifications.consumer.js';
import { OrderNotificationsController } from './order-notifications.controller.js';

/** The integration events the app publishes. */
export const PUBLISHED_ORDER_EVENTS = ['order.confirmed', 'order.cancelled'] as const;

/**
 * Messaging over RabbitMQ, on when `AMQP_URL` is set: the outbox publishes `order.confirmed` and
 * `order.cancelled` to the `AMQP_EXCHANGE` topic exchange (publisher confirms; one active
 * publisher across instances), and the notifications consumer receives them back through the
 * inbox (see `connectMessaging` for its queue); the order commands consumer takes authenticated
 * command messages from other services. Without `AMQP_URL`: nothing.
 */
@Module({})
export class MessagingModule {
  /**
   * The module for `config`; `relay: false` keeps the outbox relay stopped (application
   * contexts without processors: the CLI, the seed script).
   */
  static forRoot(
    config: Pick<AppConfig, 'amqpUrl' | 'amqpExchange'>,
    { relay = true }: { readonly relay?: boolean } = {},
  ): DynamicModule {
    if (!config.amqpUrl) return { module: MessagingModule };
    return {
      module: MessagingModule,
      imports: [
        OutboxModule.forRoot({
          autoStart: relay,
          publishers: [
            {
              name: 'orders-integration',
              select: { types: [...PUBLISHED_ORDER_EVENTS] },
              transport: new RabbitMqPublisher({
                url: config.amqpUrl,
                exchange: config.amqpExchange,
                connectionName: 'orders-reference-outbox',
              }),
            },
          ],
        }),
        InboxModule.forRoot({ store: 'postgres' }),
      ],
      controllers: [
        OrderNotificationsConsumer,
        OrderCommandsConsumer,
        OrderNotificationsController,
      ],
      providers: [OrderNotificationStore, ListOrderNotificationsHandler],
    };
  }
}
