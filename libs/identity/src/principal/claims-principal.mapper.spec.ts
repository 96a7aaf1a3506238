import { describe, expect, it } from '@jest/globals';
import { claimsToPrincipal } from './claims-principal.mapper.js';

describe('claimsToPrincipal', () => {
  it('maps sub, tenant and the plain roles claim', () => {
    expect(
      claimsToPrincipal({ sub: 'alice', tenant: 'acme', roles: ['order:reader'] }, {}, 'jwt'),
    ).toStrictEqual({
      id: 'alice',
      tenantId: 'acme',
      roles: ['order:reader'],
      authMethod: 'jwt',
    });
  });

  it('leaves tenant and attributes out when the token has none (platform principal)', () => {
    expect(claimsToPrincipal({ sub: 'root' }, {}, 'oidc')).toStrictEqual({
      id: 'root',
      roles: [],
      authMethod: 'oidc',
    });
  });

  it('unites plain, Keycloak realm and configured client roles, without duplicates', () => {
    const claims = {
      sub: 'u',
      roles: ['a', 'b'],
      realm_access: { roles: ['b', 'realm-role'] },
      resource_access: { api: { roles: ['client-role', 'a'] }, other: { roles: ['foreign'] } },
    };
    expect(claimsToPrincipal(claims, { clientId: 'api' }, 'oidc').roles).toEqual([
      'a',
      'b',
      'realm-role',
      'client-role',
    ]);
    expect(claimsToPrincipal(claims, {}, 'oidc').roles).toEqual(['a', 'b', 'realm-role']);
    expect(claimsToPrincipal({ sub: 'u' }, { clientId: 'api' }, 'oidc').roles).toEqual([]);
  });

  it('reads the configured tenant and roles claims', () => {
    const principal = claimsToPrincipal(
      { sub: 'u', org: 'globex', groups: ['g'], roles: ['ignored'] },
      { tenant: 'org', roles: 'groups' },
      'jwt',
    );
    expect(principal).toMatchObject({ tenantId: 'globex', roles: ['g'] });
  });

  it('takes attributes from the attributes object claim, then the configured claims', () => {
    const principal = claimsToPrincipal(
      {
        sub: 'u',
        attributes: { region: 'eu', limit: 10 },
        region: 'us',
        department: 'ops',
        other: 1,
      },
      { attributes: ['region', 'department', 'missing'] },
      'jwt',
    );
    expect(principal.attributes).toStrictEqual({ region: 'us', limit: 10, department: 'ops' });
  });

  it.each([
    [{ roles: [] }, /"sub"/],
    [{ sub: '' }, /"sub"/],
    [{ sub: 'u', tenant: 7 }, /"tenant" claim must be a non-empty string/],
    [{ sub: 'u', roles: 'admin' }, /"roles" claim must be an array of strings/],
    [{ sub: 'u', roles: ['a', 1] }, /"roles" claim must be an array of strings/],
    [{ sub: 'u', realm_access: ['x'] }, /"realm_access" claim must be an object/],
    [{ sub: 'u', realm_access: { roles: [{}] } }, /"realm_access.roles"/],
    [{ sub: 'u', attributes: 'x' }, /"attributes" claim must be an object/],
  ])('refuses malformed claims %j', (claims, message) => {
    expect(() => claimsToPrincipal(claims, {}, 'jwt')).toThrow(message);
    try {
      claimsToPrincipal(claims, {}, 'jwt');
    } catch (error) {
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });
});
