import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ListOrderNotificationsQuery } from './list-order-notifications.query.js';
import type { OrderNotification } from './order-notification.js';
import { OrderNotificationStore } from './order-notification.store.js';

/** Reads an order's notifications (tenant from the request context, set by the pipeline). */
@QueryHandler(ListOrderNotificationsQuery)
export class ListOrderNotificationsHandler implements IQueryHandler<
  ListOrderNotificationsQuery,
  OrderNotification[]
> {
  constructor(private readonly notifications: OrderNotificationStore) {}

  execute({ orderId }: ListOrderNotificationsQuery): Promise<OrderNotification[]> {
    return this.notifications.ofOrder(orderId);
  }
}
