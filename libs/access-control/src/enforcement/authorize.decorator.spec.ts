import { describe, expect, it } from '@jest/globals';
import { isAccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import { Authorize, authorizationOf, resourceOf } from './authorize.decorator.js';

@Authorize('order:confirm', {
  resource: (command: ConfirmOrder) => ({ type: 'Order', id: command.orderId }),
})
class ConfirmOrder {
  constructor(readonly orderId: string) {}
}

class ConfirmUrgentOrder extends ConfirmOrder {}

@Authorize('order:read', { resource: { type: 'Order' }, filter: true })
class ListOrders {}

class Undeclared {}

describe('@Authorize', () => {
  it('declares the action and options on the class, readable with authorizationOf', () => {
    expect(authorizationOf(ListOrders)).toEqual({
      action: 'order:read',
      resource: { type: 'Order' },
      filter: true,
    });
    expect(authorizationOf(ConfirmOrder)?.action).toBe('order:confirm');
  });

  it('is inherited by subclasses and absent on undeclared classes', () => {
    expect(authorizationOf(ConfirmUrgentOrder)).toBe(authorizationOf(ConfirmOrder));
    expect(authorizationOf(Undeclared)).toBeUndefined();
  });

  it('resolves the resource from the message, or the fixed one', () => {
    const confirm = authorizationOf(ConfirmOrder)!;
    expect(resourceOf(confirm, new ConfirmOrder('o-7'))).toEqual({ type: 'Order', id: 'o-7' });
    expect(resourceOf(authorizationOf(ListOrders)!, new ListOrders())).toEqual({ type: 'Order' });
    expect(resourceOf({ action: 'order:create' }, {})).toBeUndefined();
  });

  it.each(['', 'order:*', '*', 'order::read', ' order:read', 42])(
    'rejects %j, which is not a concrete action',
    (action) => {
      let error: unknown;
      try {
        Authorize(action as string);
      } catch (caught) {
        error = caught;
      }
      expect(isAccessControlConfigurationError(error)).toBe(true);
      expect((error as Error).message).toContain('@Authorize()');
    },
  );
});
