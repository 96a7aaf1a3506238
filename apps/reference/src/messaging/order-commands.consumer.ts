import { Inbox } from '@cqrs-ddd/outbox';
import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CancelOrderCommand } from '../orders/commands/cancel-order.command.js';
import { ConfirmOrderCommand } from '../orders/commands/confirm-order.command.js';

/** Payload of an order command sent as a message. */
interface OrderCommandPayload {
  readonly orderId: string;
}

/**
 * Commands other services send over RabbitMQ (`order.confirm-requested`,
 * `order.cancel-requested` with `{ orderId }`). The sender's credential travels in the message's
 * `authorization` header (a bearer token, or `ApiKey <key>`): the identity guard authenticates
 * it, and the command pipeline authorizes the command exactly as for REST and GraphQL — a
 * message without a credential, or whose principal lacks the permission, is refused and
 * dead-lettered at once. Each message is handled once (inbox).
 */
@Controller()
export class OrderCommandsConsumer {
  constructor(private readonly commands: CommandBus) {}

  /** Confirms the order as the message's principal (needs `order:confirm`). */
  @EventPattern('order.confirm-requested')
  @Inbox({ consumer: 'commands.confirm-order' })
  async confirm(@Payload() { orderId }: OrderCommandPayload): Promise<void> {
    await this.commands.execute(new ConfirmOrderCommand(orderId));
  }

  /** Cancels the order as the message's principal (needs `order:cancel`). */
  @EventPattern('order.cancel-requested')
  @Inbox({ consumer: 'commands.cancel-order' })
  async cancel(@Payload() { orderId }: OrderCommandPayload): Promise<void> {
    await this.commands.execute(new CancelOrderCommand(orderId));
  }
}
