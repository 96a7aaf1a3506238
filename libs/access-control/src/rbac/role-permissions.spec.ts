import { describe, expect, it } from '@jest/globals';
import { AccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import { RolePermissions } from './role-permissions.js';

const roles = new RolePermissions({
  roles: {
    'order:reader': ['order:read'],
    'order:writer': { inherits: ['order:reader'], permissions: ['order:create', 'order:item:*'] },
    'order:approver': { inherits: ['order:writer'], permissions: ['order:confirm'] },
    'order:admin': ['order:*'],
    'platform-admin': ['*'],
    empty: {},
  },
});

describe('RolePermissions', () => {
  it('grants the permissions listed for a role', () => {
    expect(roles.grants(['order:reader'], 'order:read')).toBe(true);
    expect(roles.grants(['order:reader'], 'order:create')).toBe(false);
  });

  it('inherits permissions transitively', () => {
    expect(roles.grants(['order:approver'], 'order:read')).toBe(true);
    expect(roles.grants(['order:approver'], 'order:item:add')).toBe(true);
    expect(roles.grants(['order:writer'], 'order:confirm')).toBe(false);
    expect([...roles.permissionsOf(['order:approver'])].sort()).toEqual([
      'order:confirm',
      'order:create',
      'order:item:*',
      'order:read',
    ]);
  });

  it('matches wildcard permissions', () => {
    expect(roles.grants(['order:admin'], 'order:cancel')).toBe(true);
    expect(roles.grants(['order:admin'], 'invoice:read')).toBe(false);
    expect(roles.grants(['platform-admin'], 'invoice:read')).toBe(true);
  });

  it('merges several roles and ignores unknown ones', () => {
    expect(roles.grants(['nobody', 'order:reader'], 'order:read')).toBe(true);
    expect(roles.grants(['nobody'], 'order:read')).toBe(false);
    expect(roles.grants(['empty'], 'order:read')).toBe(false);
    expect(roles.grants([], 'order:read')).toBe(false);
  });

  it('caches the expansion per role set, whatever the order', () => {
    const first = roles.permissionsOf(['order:reader', 'order:admin']);
    expect(roles.permissionsOf(['order:admin', 'order:reader', 'order:admin'])).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('rejects an inheritance cycle, naming it', () => {
    expect(
      () =>
        new RolePermissions({
          roles: { a: { inherits: ['b'] }, b: { inherits: ['c'] }, c: { inherits: ['a'] } },
        }),
    ).toThrow(/role inheritance cycle (a → b → c → a|b → c → a → b|c → a → b → c)/);
  });

  it('rejects a role inheriting itself', () => {
    expect(() => new RolePermissions({ roles: { a: { inherits: ['a'] } } })).toThrow(
      'role inheritance cycle a → a',
    );
  });

  it('rejects an unknown inherited role', () => {
    expect(() => new RolePermissions({ roles: { a: { inherits: ['ghost'] } } })).toThrow(
      "role 'a' inherits the unknown role 'ghost'",
    );
  });

  it('rejects malformed definitions and patterns', () => {
    const bad = [
      { roles: { a: ['order:re*'] } },
      { roles: { a: null } },
      { roles: { a: { permissions: 'order:read' } } },
      { roles: ['order:read'] },
      {},
    ];
    for (const options of bad) {
      expect(() => new RolePermissions(options as never)).toThrow(AccessControlConfigurationError);
    }
  });
});
