import type { Principal } from '@cqrs-ddd/core';
import { describe, expect, it } from '@jest/globals';
import { TenantResolvers } from './tenant-resolvers.js';

const user = (patch: Partial<Principal> = {}): Principal => ({
  id: 'u1',
  roles: [],
  authMethod: 'jwt',
  ...patch,
});

describe('TenantResolvers', () => {
  describe('claim', () => {
    it("reads principal.tenantId, else the principal's claim attribute", () => {
      const claim = TenantResolvers.claim();
      expect(claim.kind).toBe('claim');
      expect(claim({ headers: {}, principal: user({ tenantId: 'acme' }) })).toBe('acme');
      expect(claim({ headers: {}, principal: user({ attributes: { tenant: 'globex' } }) })).toBe(
        'globex',
      );
      expect(
        claim({ headers: {}, principal: user({ tenantId: 'acme', attributes: { tenant: 'x' } }) }),
      ).toBe('acme');
    });

    it('uses the given attribute name, ignores non-string attributes and anonymous requests', () => {
      const org = TenantResolvers.claim('org');
      expect(org({ headers: {}, principal: user({ attributes: { org: 'initech' } }) })).toBe(
        'initech',
      );
      expect(org({ headers: {}, principal: user({ attributes: { tenant: 'acme' } }) })).toBe(
        undefined,
      );
      expect(org({ headers: {}, principal: user({ attributes: { org: 42 } }) })).toBe(undefined);
      expect(org({ headers: { 'x-tenant-id': 'acme' } })).toBe(undefined);
    });
  });

  describe('header', () => {
    it('reads x-tenant-id by default, trimmed; empty means absent', () => {
      const header = TenantResolvers.header();
      expect(header.kind).toBe('header');
      expect(header({ headers: { 'x-tenant-id': ' acme ' } })).toBe('acme');
      expect(header({ headers: { 'x-tenant-id': '' } })).toBe(undefined);
      expect(header({ headers: {} })).toBe(undefined);
    });

    it('matches the name case-insensitively and keeps repeated values together', () => {
      const header = TenantResolvers.header('X-Org');
      expect(header({ headers: { 'X-ORG': 'acme' } })).toBe('acme');
      expect(header({ headers: { 'x-org': ['acme', 'globex'] } })).toBe('acme,globex');
    });
  });

  describe('subdomain', () => {
    const subdomain = TenantResolvers.subdomain({ baseDomain: 'example.com' });

    it.each([
      ['acme.example.com', 'acme'],
      ['ACME.Example.COM', 'acme'],
      ['acme.example.com:8443', 'acme'],
      ['acme.example.com.', 'acme'],
      ['example.com', undefined],
      ['a.b.example.com', undefined],
      ['www.example.com', undefined],
      ['acme.example.org', undefined],
      ['acmeexample.com', undefined],
      ['evil-example.com', undefined],
      ['[::1]:3000', undefined],
      ['', undefined],
    ])('%s → %s', (host, expected) => {
      expect(subdomain({ headers: {}, host })).toBe(expected);
    });

    it('reads no tenant without a host, and honours exclude', () => {
      expect(subdomain.kind).toBe('subdomain');
      expect(subdomain({ headers: {} })).toBe(undefined);
      const api = TenantResolvers.subdomain({ baseDomain: 'Example.com.', exclude: ['api'] });
      expect(api({ headers: {}, host: 'api.example.com' })).toBe(undefined);
      expect(api({ headers: {}, host: 'www.example.com' })).toBe('www');
    });

    it('refuses an empty base domain', () => {
      expect(() => TenantResolvers.subdomain({ baseDomain: ' ' })).toThrow(TypeError);
    });
  });

  it('custom: tags any function, sync or async', async () => {
    const custom = TenantResolvers.custom(async ({ headers }) => {
      const path = headers[':path'];
      return typeof path === 'string' ? path.split('/')[2] : undefined;
    }, 'path segment');
    expect(custom.kind).toBe('custom');
    expect(custom.description).toBe('path segment');
    await expect(custom({ headers: { ':path': '/t/acme/orders' } })).resolves.toBe('acme');
  });
});
