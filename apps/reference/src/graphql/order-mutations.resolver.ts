import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { AddOrderItemCommand } from '../orders/commands/add-order-item.command.js';
import { CancelOrderCommand } from '../orders/commands/cancel-order.command.js';
import { ConfirmOrderCommand } from '../orders/commands/confirm-order.command.js';
import { CreateOrderCommand } from '../orders/commands/create-order.command.js';
import type { OrderWriteResult } from '../orders/commands/order-write-result.js';
import { RemoveOrderItemCommand } from '../orders/commands/remove-order-item.command.js';
import { AddOrderItemArgs } from './args/add-order-item.args.js';
import { ChangeOrderStatusArgs } from './args/change-order-status.args.js';
import { CreateOrderArgs } from './args/create-order.args.js';
import { RemoveOrderItemArgs } from './args/remove-order-item.args.js';
import { OrderWriteResultType } from './types/order-write-result.type.js';

/** Order mutations: each validates its arguments and sends one command. */
@Resolver()
export class OrderMutationsResolver {
  constructor(private readonly commands: CommandBus) {}

  /** Opens an order for a customer. */
  @Mutation(() => OrderWriteResultType)
  createOrder(@Args() { customerId }: CreateOrderArgs): Promise<OrderWriteResult> {
    return this.send(new CreateOrderCommand(customerId));
  }

  /** Adds units of a product to a pending order. */
  @Mutation(() => OrderWriteResultType)
  addOrderItem(@Args() args: AddOrderItemArgs): Promise<OrderWriteResult> {
    const { orderId, productId, quantity, unitPrice, expectedVersion } = args;
    return this.send(
      new AddOrderItemCommand(
        orderId,
        productId,
        quantity,
        unitPrice,
        expectedVersion ?? undefined,
      ),
    );
  }

  /** Removes a product's line from a pending order. */
  @Mutation(() => OrderWriteResultType)
  removeOrderItem(@Args() args: RemoveOrderItemArgs): Promise<OrderWriteResult> {
    const { orderId, productId, expectedVersion } = args;
    return this.send(new RemoveOrderItemCommand(orderId, productId, expectedVersion ?? undefined));
  }

  /** Confirms a pending order that has items. */
  @Mutation(() => OrderWriteResultType)
  confirmOrder(
    @Args() { orderId, expectedVersion }: ChangeOrderStatusArgs,
  ): Promise<OrderWriteResult> {
    return this.send(new ConfirmOrderCommand(orderId, expectedVersion ?? undefined));
  }

  /** Cancels an order that has not shipped. */
  @Mutation(() => OrderWriteResultType)
  cancelOrder(
    @Args() { orderId, expectedVersion }: ChangeOrderStatusArgs,
  ): Promise<OrderWriteResult> {
    return this.send(new CancelOrderCommand(orderId, expectedVersion ?? undefined));
  }

  private send(command: object): Promise<OrderWriteResult> {
    return this.commands.execute<object, OrderWriteResult>(command);
  }
}
