import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ConcurrencyError,
  DomainRuleViolation,
  NotFoundError,
  ValidationError,
} from '@cqrs-ddd/core';
import {
  createOrdersTestApp,
  type OrdersTestApp,
} from '../../../../test/support/orders-test-app.js';
import { OrderRules } from '../../domain/order-rules.js';
import { AddOrderItemCommand } from '../add-order-item.command.js';
import { CancelOrderCommand } from '../cancel-order.command.js';
import { ConfirmOrderCommand } from '../confirm-order.command.js';
import { CreateOrderCommand } from '../create-order.command.js';
import type { OrderWriteResult } from '../order-write-result.js';
import { RemoveOrderItemCommand } from '../remove-order-item.command.js';

describe('Order command handlers (memory event store)', () => {
  let t: OrdersTestApp;
  const run = (command: object) => t.commands.execute<object, OrderWriteResult>(command);
  const stream = async (id: string) => {
    const events = [];
    for await (const event of t.eventStore.readStream(id)) events.push(event);
    return events;
  };
  const createOrder = () => run(new CreateOrderCommand('customer-1'));

  beforeEach(async () => {
    t = await createOrdersTestApp({ projections: false });
  });

  afterEach(async () => {
    await t.close();
  });

  it('creates an order under a new id, stamped with the development tenant', async () => {
    const first = await createOrder();
    const second = await createOrder();
    expect(first.version).toBe(1);
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.id).not.toBe(first.id);
    const [event] = await stream(first.id);
    expect(event).toMatchObject({
      type: 'order.created',
      streamType: 'Order',
      data: { orderId: first.id, customerId: 'customer-1' },
      metadata: { tenantId: 'test-tenant' },
    });
  });

  it('runs each change as one new version of the order', async () => {
    const { id } = await createOrder();
    await expect(run(new AddOrderItemCommand(id, 'keyboard', 2, 89.9))).resolves.toEqual({
      id,
      version: 2,
    });
    await run(new AddOrderItemCommand(id, 'mouse', 1, 24.95, 2));
    await expect(run(new RemoveOrderItemCommand(id, 'mouse', 3))).resolves.toEqual({
      id,
      version: 4,
    });
    await expect(run(new ConfirmOrderCommand(id))).resolves.toEqual({ id, version: 5 });
    await expect(run(new CancelOrderCommand(id, 5))).resolves.toEqual({ id, version: 6 });
    expect((await stream(id)).map((e) => e.type)).toEqual([
      'order.created',
      'order.item-added',
      'order.item-added',
      'order.item-removed',
      'order.confirmed',
      'order.cancelled',
    ]);
  });

  it('answers NotFoundError for an unknown order', async () => {
    await expect(run(new ConfirmOrderCommand('no-such-order'))).rejects.toMatchObject({
      constructor: NotFoundError,
      resourceType: 'Order',
      resourceId: 'no-such-order',
    });
  });

  it('refuses a stale expected version before judging the change, writing nothing', async () => {
    const { id } = await createOrder();
    await run(new AddOrderItemCommand(id, 'keyboard', 1, 10));
    // Version 1 is stale; the order is also not empty, so only the version can be the reason.
    const error = await run(new RemoveOrderItemCommand(id, 'absent', 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: id, expected: 1, actual: 2 });
    expect(await t.eventStore.streamVersion(id)).toBe(2);
  });

  it('rejects a domain rule violation and writes nothing', async () => {
    const { id } = await createOrder();
    await expect(run(new ConfirmOrderCommand(id))).rejects.toMatchObject({
      constructor: DomainRuleViolation,
      rule: OrderRules.CANNOT_CONFIRM_EMPTY,
    });
    expect(await t.eventStore.streamVersion(id)).toBe(1);
  });

  it('validates commands, listing every invalid field', async () => {
    const { id } = await createOrder();
    const error = await run(new AddOrderItemCommand(id, '', 0, 1.005, 0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((issue) => issue.path);
    expect(new Set(paths)).toEqual(
      new Set(['productId', 'quantity', 'unitPrice', 'expectedVersion']),
    );
    await expect(run(new CreateOrderCommand(''))).rejects.toBeInstanceOf(ValidationError);
    const inherited = await run(new ConfirmOrderCommand('', 0)).catch((e: unknown) => e);
    expect((inherited as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
      'expectedVersion',
      'orderId',
    ]);
    expect(await t.eventStore.streamVersion(id)).toBe(1);
  });

  it('lets concurrent adds either succeed or conflict, never lose one', async () => {
    const { id } = await createOrder();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => run(new AddOrderItemCommand(id, `product-${i}`, 1, 1))),
    );
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled').length;
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
    }
    expect(succeeded).toBeGreaterThan(0);
    expect(await t.eventStore.streamVersion(id)).toBe(1 + succeeded);
  });
});
