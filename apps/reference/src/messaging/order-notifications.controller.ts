import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrderIdParams } from '../http/orders/dto/order-id.params.js';
import type { OrderNotification } from './order-notification.js';
import { ListOrderNotificationsQuery } from './list-order-notifications.query.js';

/** `GET /orders/:id/notifications`: what the RabbitMQ consumer recorded (messaging on only). */
@ApiTags('orders')
@Controller('orders')
export class OrderNotificationsController {
  constructor(private readonly queries: QueryBus) {}

  /** The notifications of an order, oldest first (empty until the round trip completed). */
  @Get(':id/notifications')
  @ApiOperation({ summary: 'Notifications received back from RabbitMQ for an order.' })
  @ApiOkResponse({ description: 'The notifications, oldest first.' })
  list(@Param() { id }: OrderIdParams): Promise<OrderNotification[]> {
    return this.queries.execute(new ListOrderNotificationsQuery(id));
  }
}
