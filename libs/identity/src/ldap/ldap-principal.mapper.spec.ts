import { describe, expect, it } from '@jest/globals';
import { ldapUserToPrincipal } from './ldap-principal.mapper.js';
import type { LdapStrategyOptions } from './ldap.options.js';

const options: LdapStrategyOptions = {
  url: 'ldap://directory',
  bindDN: 'cn=reader,dc=example,dc=org',
  bindCredentials: 'secret',
  searchBase: 'ou=people,dc=example,dc=org',
  groupRoles: {
    'cn=Approvers, ou=groups, dc=example, dc=org': ['order:approver', 'order:reader'],
    readers: ['order:reader'],
    writers: ['order:writer'],
  },
};
const alice = {
  dn: 'uid=alice,ou=people,dc=example,dc=org',
  uid: 'alice',
  mail: 'alice@example.org',
  telephoneNumber: ['1', '2'],
  o: 'acme',
};

describe('ldapUserToPrincipal', () => {
  it('maps groups to roles by DN (any case and spacing) or cn, in the order of groupRoles', () => {
    const principal = ldapUserToPrincipal(
      {
        ...alice,
        _groups: [
          { dn: 'cn=readers,ou=groups,dc=example,dc=org', cn: 'readers' },
          { dn: 'CN=approvers,OU=groups,DC=example,DC=org', cn: 'approvers' },
          { dn: 'cn=unmapped,ou=groups,dc=example,dc=org', cn: 'unmapped' },
        ],
      },
      options,
    );
    expect(principal).toEqual({
      id: 'alice',
      roles: ['order:approver', 'order:reader'],
      authMethod: 'ldap',
    });
  });

  it('reads groups from memberOf as well, the cn taken from the DN', () => {
    const principal = ldapUserToPrincipal(
      { ...alice, memberOf: ['cn=writers,ou=groups,dc=example,dc=org'] },
      options,
    );
    expect(principal.roles).toEqual(['order:writer']);
    expect(ldapUserToPrincipal({ ...alice, memberOf: 'cn=readers,ou=x' }, options).roles).toEqual([
      'order:reader',
    ]);
  });

  it('gives no role without a mapped group', () => {
    expect(ldapUserToPrincipal(alice, options).roles).toEqual([]);
  });

  it('takes the tenant fixed or from an attribute, and copies the configured attributes', () => {
    expect(ldapUserToPrincipal(alice, { ...options, tenantId: 'acme' })).toMatchObject({
      tenantId: 'acme',
    });
    expect(
      ldapUserToPrincipal(alice, {
        ...options,
        tenantAttribute: 'o',
        attributes: ['mail', 'telephoneNumber', 'absent'],
      }),
    ).toEqual({
      id: 'alice',
      tenantId: 'acme',
      roles: [],
      attributes: { mail: 'alice@example.org', telephoneNumber: ['1', '2'] },
      authMethod: 'ldap',
    });
  });

  it('takes the id from idAttribute, and refuses entries without it or without a tenant value', () => {
    expect(ldapUserToPrincipal(alice, { ...options, idAttribute: 'mail' }).id).toBe(
      'alice@example.org',
    );
    expect(() => ldapUserToPrincipal(alice, { ...options, idAttribute: 'employeeNumber' })).toThrow(
      expect.objectContaining({
        code: 'UNAUTHENTICATED',
        message: expect.stringContaining('employeeNumber'),
      }),
    );
    expect(() => ldapUserToPrincipal(alice, { ...options, tenantAttribute: 'ou' })).toThrow(
      expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    );
  });
});
