import { describe, expect, it } from '@jest/globals';
import { DomainRuleViolation, NotFoundError } from '@cqrs-ddd/core';
import { aggregateScenario } from '@cqrs-ddd/core/testing';
import { OrderCancelled } from '../events/order-cancelled.event.js';
import { OrderConfirmed } from '../events/order-confirmed.event.js';
import { OrderCreated } from '../events/order-created.event.js';
import { OrderItemAdded } from '../events/order-item-added.event.js';
import { OrderItemRemoved } from '../events/order-item-removed.event.js';
import { OrderShipped } from '../events/order-shipped.event.js';
import { Order } from './order.aggregate.js';
import { OrderRules } from './order-rules.js';

const ID = 'order-1';
const created = new OrderCreated(ID, 'customer-1');
const keyboard = new OrderItemAdded(ID, 'keyboard', 2, 8990);
const confirmed = new OrderConfirmed(ID);
const order = () => aggregateScenario(() => new Order(ID));

describe('Order aggregate', () => {
  it('is created pending and empty for a customer', () => {
    const created = Order.create(ID, 'customer-1');
    expect(created.uncommittedEvents).toEqual([new OrderCreated(ID, 'customer-1')]);
    expect(created).toMatchObject({ customerId: 'customer-1', status: 'pending', version: 1 });
    expect(created.lines).toEqual([]);
    expect(created.total.amount).toBe(0);
  });

  describe('adding items', () => {
    it('records the unit price in whole cents', () => {
      const result = order()
        .given(created)
        .when((o) => o.addItem('keyboard', 2, 89.9))
        .then(keyboard);
      expect(result.total.amount).toBe(179.8);
    });

    it('adds to the line of a product already on the order', () => {
      const result = order()
        .given(created, keyboard)
        .when((o) => o.addItem('keyboard', 1, 89.9))
        .then(new OrderItemAdded(ID, 'keyboard', 1, 8990));
      expect(result.lines.map((l) => [l.productId, l.quantity])).toEqual([['keyboard', 3]]);
    });

    it('sums totals exactly in cents', () => {
      const result = order()
        .given(created, new OrderItemAdded(ID, 'a', 1, 10), new OrderItemAdded(ID, 'b', 1, 20))
        .when((o) => o.addItem('c', 3, 0.29))
        .then(new OrderItemAdded(ID, 'c', 3, 29));
      expect(result.total.amount).toBe(1.17);
    });

    it('accepts a free item (unit price 0)', () => {
      order()
        .given(created)
        .when((o) => o.addItem('sticker', 1, 0))
        .then(new OrderItemAdded(ID, 'sticker', 1, 0));
    });

    it.each([0, -1, 1.5, Number.NaN])('rejects quantity %p', (quantity) => {
      order()
        .given(created)
        .when((o) => o.addItem('keyboard', quantity, 1))
        .thenThrows(DomainRuleViolation, { rule: OrderRules.QUANTITY_POSITIVE_INTEGER });
    });

    it.each([-0.01, 1.005, Number.POSITIVE_INFINITY, Number.NaN])(
      'rejects unit price %p',
      (price) => {
        order()
          .given(created)
          .when((o) => o.addItem('keyboard', 1, price))
          .thenThrows(DomainRuleViolation, { rule: OrderRules.UNIT_PRICE_VALID });
      },
    );

    it('rejects another unit price for a product already on the order', () => {
      order()
        .given(created, keyboard)
        .when((o) => o.addItem('keyboard', 1, 79.9))
        .thenThrows(DomainRuleViolation, { rule: OrderRules.UNIT_PRICE_MATCHES_LINE });
    });

    it('rejects a total beyond exact integer arithmetic', () => {
      order()
        .given(created, new OrderItemAdded(ID, 'gold', 1, Number.MAX_SAFE_INTEGER - 10))
        .when((o) => o.addItem('more-gold', 1, 1))
        .thenThrows(DomainRuleViolation, { rule: OrderRules.TOTAL_WITHIN_LIMIT });
    });

    it.each([
      ['confirmed', [keyboard, confirmed]],
      ['cancelled', [new OrderCancelled(ID)]],
    ])('rejects items once the order is %s', (_, history) => {
      order()
        .given(created, ...history)
        .when((o) => o.addItem('mouse', 1, 10))
        .thenThrows(DomainRuleViolation, { rule: OrderRules.ITEMS_ONLY_WHILE_PENDING });
    });
  });

  describe('removing items', () => {
    it("removes a product's whole line", () => {
      const result = order()
        .given(created, keyboard, new OrderItemAdded(ID, 'mouse', 1, 2495))
        .when((o) => o.removeItem('keyboard'))
        .then(new OrderItemRemoved(ID, 'keyboard'));
      expect(result.lines.map((l) => l.productId)).toEqual(['mouse']);
      expect(result.total.amount).toBe(24.95);
    });

    it('reports a product that is not on the order as not found', () => {
      order()
        .given(created, keyboard)
        .when((o) => o.removeItem('mouse'))
        .thenThrows(NotFoundError, { resourceType: 'OrderItem', resourceId: 'mouse' });
    });

    it('rejects removing once confirmed', () => {
      order()
        .given(created, keyboard, confirmed)
        .when((o) => o.removeItem('keyboard'))
        .thenThrows(DomainRuleViolation, { rule: OrderRules.ITEMS_ONLY_WHILE_PENDING });
    });
  });

  describe('confirming', () => {
    it('confirms a pending order with items', () => {
      const result = order()
        .given(created, keyboard)
        .when((o) => o.confirm())
        .then(confirmed);
      expect(result.status).toBe('confirmed');
    });

    it('cannot confirm an empty order', () => {
      order()
        .given(created)
        .when((o) => o.confirm())
        .thenThrows(DomainRuleViolation, { rule: OrderRules.CANNOT_CONFIRM_EMPTY });
    });

    it('cannot confirm an order whose items were all removed', () => {
      order()
        .given(created, keyboard, new OrderItemRemoved(ID, 'keyboard'))
        .when((o) => o.confirm())
        .thenThrows(DomainRuleViolation, { rule: OrderRules.CANNOT_CONFIRM_EMPTY });
    });

    it.each([
      ['confirmed', [keyboard, confirmed]],
      ['cancelled', [keyboard, new OrderCancelled(ID)]],
    ])('cannot confirm a %s order', (_, history) => {
      order()
        .given(created, ...history)
        .when((o) => o.confirm())
        .thenThrows(DomainRuleViolation, { rule: OrderRules.CONFIRM_ONLY_PENDING });
    });
  });

  describe('cancelling', () => {
    it('cancels a pending order', () => {
      const result = order()
        .given(created)
        .when((o) => o.cancel())
        .then(new OrderCancelled(ID));
      expect(result.status).toBe('cancelled');
    });

    it('cancels a confirmed order that is not shipped', () => {
      order()
        .given(created, keyboard, confirmed)
        .when((o) => o.cancel())
        .then(new OrderCancelled(ID));
    });

    it('cannot cancel a confirmed order that is shipped', () => {
      order()
        .given(created, keyboard, confirmed, new OrderShipped(ID))
        .when((o) => o.cancel())
        .thenThrows(DomainRuleViolation, { rule: OrderRules.CANNOT_CANCEL_SHIPPED });
    });

    it('cannot cancel twice', () => {
      order()
        .given(created, new OrderCancelled(ID))
        .when((o) => o.cancel())
        .thenThrows(DomainRuleViolation, { rule: OrderRules.ALREADY_CANCELLED });
    });
  });

  describe('shipping (state for the future ship command)', () => {
    it('ships a confirmed order once', () => {
      const result = order()
        .given(created, keyboard, confirmed)
        .when((o) => o.ship())
        .then(new OrderShipped(ID));
      expect(result.shipped).toBe(true);
    });

    it.each([
      ['pending', [keyboard]],
      ['shipped', [keyboard, confirmed, new OrderShipped(ID)]],
    ])('cannot ship a %s order', (_, history) => {
      order()
        .given(created, ...history)
        .when((o) => o.ship())
        .thenThrows(DomainRuleViolation, { rule: OrderRules.SHIP_ONLY_CONFIRMED });
    });
  });

  it('restores the same state from a snapshot as from its events', () => {
    const history = [created, keyboard, new OrderItemAdded(ID, 'mouse', 1, 2495), confirmed];
    const replayed = new Order(ID).loadFromHistory(history);
    const restored = new Order(ID).loadFromSnapshot(replayed.takeSnapshot());
    expect(restored.version).toBe(4);
    expect(restored.takeSnapshot()).toEqual(replayed.takeSnapshot());
    expect(restored.total.equals(replayed.total)).toBe(true);
    expect(restored.status).toBe('confirmed');
  });
});
