import { describe, expect, it } from '@jest/globals';
import { isAccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import { assertPermissionPattern, matchesPermission } from './permission-pattern.js';

describe('matchesPermission', () => {
  it.each([
    ['order:read', 'order:read', true],
    ['order:read', 'order:confirm', false],
    ['order:read', 'order:read:own', false],
    ['order:*', 'order:read', true],
    ['order:*', 'order:item:add', true],
    ['order:*', 'order', false],
    ['order:*', 'orders:read', false],
    ['order:item:*', 'order:item:add', true],
    ['order:item:*', 'order:confirm', false],
    ['*', 'order:read', true],
    ['*', 'anything', true],
  ])('%s matches %s: %s', (pattern, action, expected) => {
    expect(matchesPermission(pattern, action)).toBe(expected);
  });

  it('is case-sensitive', () => {
    expect(matchesPermission('order:read', 'Order:read')).toBe(false);
  });
});

describe('assertPermissionPattern', () => {
  it.each(['order:read', 'order:*', '*', 'order:item:*', 'audit'])('accepts %s', (pattern) => {
    expect(() => assertPermissionPattern(pattern, 'role x')).not.toThrow();
  });

  it.each(['', '*:read', 'order:re*', 'order::read', 'order:', ':read', ' order:read', '**', 42])(
    'rejects %p with a configuration error naming the owner',
    (pattern) => {
      let error: unknown;
      try {
        assertPermissionPattern(pattern, "role 'order:reader'");
      } catch (caught) {
        error = caught;
      }
      expect(isAccessControlConfigurationError(error)).toBe(true);
      expect((error as Error).message).toContain("role 'order:reader'");
    },
  );
});
