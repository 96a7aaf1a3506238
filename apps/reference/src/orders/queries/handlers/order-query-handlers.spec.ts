import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { NotFoundError, type Page, runInContext, ValidationError } from '@cqrs-ddd/core';
import {
  createOrdersTestApp,
  type OrdersTestApp,
} from '../../../../test/support/orders-test-app.js';
import { AddOrderItemCommand } from '../../commands/add-order-item.command.js';
import { ConfirmOrderCommand } from '../../commands/confirm-order.command.js';
import { CreateOrderCommand } from '../../commands/create-order.command.js';
import type { OrderWriteResult } from '../../commands/order-write-result.js';
import type { OrderSummary } from '../../read-model/order-summary.js';
import {
  isReadModelLaggingError,
  ReadModelLaggingError,
} from '../../read-model/read-model-lagging.error.js';
import { GetOrderQuery } from '../get-order.query.js';
import { ListOrdersQuery } from '../list-orders.query.js';

describe('Order query handlers (memory stores)', () => {
  let t: OrdersTestApp;
  const run = (command: object) => t.commands.execute<object, OrderWriteResult>(command);
  const get = (id: string, minVersion?: number) =>
    t.queries.execute<GetOrderQuery, OrderSummary>(new GetOrderQuery(id, minVersion));
  const list = (...args: ConstructorParameters<typeof ListOrdersQuery>) =>
    t.queries.execute<ListOrdersQuery, Page<OrderSummary>>(new ListOrdersQuery(...args));

  beforeEach(async () => {
    t = await createOrdersTestApp();
  });

  afterEach(async () => {
    await t.close();
  });

  describe('GetOrderQuery', () => {
    it('reads your write with minVersion: waits for the processor, then answers', async () => {
      const { id } = await run(new CreateOrderCommand('c-1'));
      const { version } = await run(new AddOrderItemCommand(id, 'keyboard', 2, 89.9));
      await expect(get(id, version)).resolves.toMatchObject({
        id,
        customerId: 'c-1',
        status: 'pending',
        items: [{ productId: 'keyboard', quantity: 2, unitPrice: 89.9 }],
        total: 179.8,
        itemCount: 2,
        version: 2,
      });
    });

    it('answers NotFoundError for an unknown order', async () => {
      await expect(get('no-such-order')).rejects.toMatchObject({
        constructor: NotFoundError,
        resourceType: 'Order',
      });
    });

    it('answers ReadModelLaggingError when the read model cannot reach minVersion', async () => {
      const { id } = await run(new CreateOrderCommand('c-1'));
      await t.caughtUp();
      // Stopped in this instance: nothing can advance, so the read answers at once.
      await t.projection.stop();
      await run(new AddOrderItemCommand(id, 'keyboard', 1, 1));
      const error = await get(id, 2).catch((e: unknown) => e);
      expect(isReadModelLaggingError(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'READ_MODEL_LAGGING',
        resourceType: 'Order',
        resourceId: id,
        minVersion: 2,
        currentVersion: 1,
      });
      expect(error).toBeInstanceOf(ReadModelLaggingError);
    });

    it('waits for an order that is not projected yet', async () => {
      await t.projection.processors().pause();
      const { id } = await run(new CreateOrderCommand('c-1'));
      const reading = get(id, 1);
      t.projection.processors().resume();
      await expect(reading).resolves.toMatchObject({ id, version: 1 });
    });

    it('never shows another tenant its orders', async () => {
      const { id } = await run(new CreateOrderCommand('c-1'));
      await t.caughtUp();
      await expect(runInContext({ tenantId: 'other' }, () => get(id))).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(get(id)).resolves.toMatchObject({ id });
    });
  });

  describe('ListOrdersQuery', () => {
    let ids: string[];

    beforeEach(async () => {
      ids = [];
      for (const [customer, quantity, confirm] of [
        ['c-1', 1, true],
        ['c-2', 5, false],
        ['c-1', 3, true],
      ] as const) {
        const { id } = await run(new CreateOrderCommand(customer));
        await run(new AddOrderItemCommand(id, 'p', quantity, 10));
        if (confirm) await run(new ConfirmOrderCommand(id));
        ids.push(id);
      }
      await t.caughtUp();
    });

    it('lists the newest first by default', async () => {
      const page = await list();
      expect(new Set(page.items.map((o) => o.id))).toEqual(new Set(ids));
      const times = page.items.map((o) => o.updatedAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(page.nextCursor).toBeNull();
    });

    it('filters and sorts with the filter-string syntax', async () => {
      const page = await list('status:eq:confirmed,total:gte:10', '-total');
      expect(page.items.map((o) => [o.customerId, o.total])).toEqual([
        ['c-1', 30],
        ['c-1', 10],
      ]);
    });

    it('pages with an opaque cursor, every order exactly once', async () => {
      const first = await list(undefined, 'itemCount', 2);
      expect(first.items.map((o) => o.itemCount)).toEqual([1, 3]);
      const second = await list(undefined, 'itemCount', '2', first.nextCursor!);
      expect(second.items.map((o) => o.itemCount)).toEqual([5]);
      expect(second.nextCursor).toBeNull();
    });

    it('rejects bad parameters with every issue at once', async () => {
      const error = await list('colour:eq:red', 'name', 500, 'garbage').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      const paths = (error as ValidationError).issues.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['filter.colour', 'sort', 'limit']));
    });

    it('rejects a status that does not exist', async () => {
      await expect(list('status:eq:shipped')).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: 'filter.status' })],
      });
    });
  });
});
