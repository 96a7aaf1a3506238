import { InMemoryReadModelStore, logPosition, ReadModelStore } from '@cqrs-ddd/core';
import { Injectable, type Provider } from '@nestjs/common';
import {
  CommandHandler,
  type ICommandHandler,
  type IQueryHandler,
  QueryHandler,
} from '@nestjs/cqrs';
import { AccessScope } from '../push-down/access-scope.service.js';
import { ORDERS, RecordingOrderLoader } from './access-control-test.fixture.js';
import { Authorize } from './authorize.decorator.js';

/** Declares nothing: denied by default. */
export class ArchiveOrders {
  static readonly type = 'order.archive';
}

/** Needs `order:confirm` on the order; the approval-limit policy needs the order's total. */
@Authorize('order:confirm', {
  resource: (command: ConfirmOrder) => ({ type: 'Order', id: command.orderId }),
})
export class ConfirmOrder {
  static readonly type = 'order.confirm';
  constructor(readonly orderId: string) {}
}

/** A list query: readers' region condition is pushed down by its handler. */
@Authorize('order:read', { resource: { type: 'Order' }, filter: true })
export class ListOrders {
  static readonly type = 'order.list';
}

/** What the handlers did, in order. */
@Injectable()
export class Journal {
  readonly entries: string[] = [];
}

@CommandHandler(ArchiveOrders)
class ArchiveOrdersHandler implements ICommandHandler<ArchiveOrders> {
  constructor(private readonly journal: Journal) {}
  async execute(): Promise<string> {
    this.journal.entries.push('archived');
    return 'archived';
  }
}

@CommandHandler(ConfirmOrder)
class ConfirmOrderHandler implements ICommandHandler<ConfirmOrder> {
  constructor(private readonly journal: Journal) {}
  async execute(command: ConfirmOrder): Promise<string> {
    this.journal.entries.push(`confirmed ${command.orderId}`);
    return `confirmed ${command.orderId}`;
  }
}

@QueryHandler(ListOrders)
class ListOrdersHandler implements IQueryHandler<ListOrders> {
  constructor(
    private readonly store: ReadModelStore,
    private readonly scope: AccessScope,
  ) {}
  async execute(): Promise<string[]> {
    const orders = this.store.collection<{ id: string }>('orders', { tenantId: 'acme' });
    const filter = await this.scope.restrict(undefined, 'order:read', 'Order');
    return (await orders.find({ filter })).items.map((order) => order.id);
  }
}

/** A read store holding {@link ORDERS} for tenant `acme`. */
async function seededReadModels(): Promise<ReadModelStore> {
  const store = new InMemoryReadModelStore();
  const orders = store.collection<{ id: string }>('orders', { tenantId: 'acme' });
  for (const [index, order] of Object.values(ORDERS).entries()) {
    await orders.upsert(order as { id: string }, { position: logPosition(1, index + 1) });
  }
  return store;
}

/** Providers of the orders app: handlers, the order loader, the seeded read store. */
export const ORDERS_APP_PROVIDERS: Provider[] = [
  Journal,
  RecordingOrderLoader,
  ArchiveOrdersHandler,
  ConfirmOrderHandler,
  ListOrdersHandler,
  { provide: ReadModelStore, useFactory: seededReadModels },
];
