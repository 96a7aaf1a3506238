import { describe, expect, it } from '@jest/globals';
import { UnauthenticatedError } from '@cqrs-ddd/core';
import { AUTHENTICATION_FAILED_MESSAGE } from '../provider/authentication-failed.js';
import {
  LDAP_DIRECTORY_ERROR_MESSAGE,
  LDAP_MISSING_CREDENTIALS_MESSAGE,
  LDAP_UNREACHABLE_MESSAGE,
  ldapError,
  ldapRefusal,
} from './ldap-failure.js';
import { assertValidLdapOptions, type LdapStrategyOptions } from './ldap.options.js';

const valid: LdapStrategyOptions = {
  url: 'ldaps://directory:636',
  bindDN: 'cn=reader,dc=example,dc=org',
  bindCredentials: 'secret',
  searchBase: 'ou=people,dc=example,dc=org',
  groupRoles: { readers: ['order:reader'] },
};

describe('assertValidLdapOptions', () => {
  it('accepts complete options', () => {
    expect(() => assertValidLdapOptions(valid)).not.toThrow();
    expect(() =>
      assertValidLdapOptions({ ...valid, url: 'ldap://x', groupRoles: {} }),
    ).not.toThrow();
  });

  it.each([
    [{ url: 'http://directory' }, 'url'],
    [{ bindDN: '' }, 'bindDN'],
    [{ bindCredentials: undefined }, 'bindCredentials'],
    [{ searchBase: ' ' }, 'searchBase'],
    [{ groupRoles: undefined }, 'groupRoles'],
    [{ groupRoles: { readers: 'order:reader' } }, 'groupRoles["readers"]'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ tenantId: 'acme', tenantAttribute: 'o' }, 'tenantId'],
  ])('refuses %j, naming %s', (override, name) => {
    expect(() => assertValidLdapOptions({ ...valid, ...override } as LdapStrategyOptions)).toThrow(
      expect.objectContaining({
        code: 'IDENTITY_CONFIGURATION',
        message: expect.stringContaining(name),
      }),
    );
  });
});

describe('LDAP failures', () => {
  it('tells an unreachable directory from other directory errors, without their messages', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:389'), {
      code: 'ECONNREFUSED',
    });
    const timeout = Object.assign(new Error('request timeout (client interrupt)'), {
      name: 'TimeoutError',
    });
    for (const error of [refused, timeout, new Error('connection timeout')]) {
      expect(ldapError(error).message).toBe(LDAP_UNREACHABLE_MESSAGE);
    }
    const other = ldapError(new Error('No Such Object: ou=people,dc=secret-detail'));
    expect(other.message).toBe(LDAP_DIRECTORY_ERROR_MESSAGE);
    expect(ldapError(undefined).code).toBe('UNAUTHENTICATED');
  });

  it('keeps UnauthenticatedErrors and maps refusals to one generic message', () => {
    const own = new UnauthenticatedError('specific');
    expect(ldapError(own)).toBe(own);
    expect(ldapRefusal(401).message).toBe(AUTHENTICATION_FAILED_MESSAGE);
    expect(ldapRefusal().message).toBe(AUTHENTICATION_FAILED_MESSAGE);
    expect(ldapRefusal(400).message).toBe(LDAP_MISSING_CREDENTIALS_MESSAGE);
  });
});
