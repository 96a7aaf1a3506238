import { describe, expect, it } from '@jest/globals';
import { thrownBy } from '@cqrs-ddd/core/testing';
import { isTenantIsolationError } from '../errors/tenant-isolation.error.js';
import { isTenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { assignTenant, scopeFilter } from './tenant-filter.js';
import { scopeReplacement, scopeUpdate } from './tenant-update.js';

describe('scopeFilter', () => {
  it('appends the tenant condition to $and and keeps the other keys', () => {
    expect(scopeFilter(undefined, 'tenantId', 'acme')).toEqual({ $and: [{ tenantId: 'acme' }] });
    expect(scopeFilter({ status: 'x', $and: [{ a: 1 }] }, 'tenantId', 'acme')).toEqual({
      status: 'x',
      $and: [{ a: 1 }, { tenantId: 'acme' }],
    });
    expect(scopeFilter({ tenantId: 'bolt' }, 'org', 'acme')).toEqual({
      tenantId: 'bolt',
      $and: [{ org: 'acme' }],
    });
  });
});

describe('assignTenant', () => {
  it('sets a missing tenant (also on a dotted path) and rejects another tenant', () => {
    const plain: Record<string, unknown> = { number: 1 };
    assignTenant(plain, 'tenantId', 'acme');
    expect(plain).toEqual({ number: 1, tenantId: 'acme' });
    const nested: Record<string, unknown> = {};
    assignTenant(nested, 'owner.tenant', 'acme');
    expect(nested).toEqual({ owner: { tenant: 'acme' } });
    expect(
      isTenantMismatchError(thrownBy(() => assignTenant({ tenantId: 'bolt' }, 'tenantId', 'acme'))),
    ).toBe(true);
  });
});

describe('scopeUpdate', () => {
  it('keeps other operators, drops self-assignments and adds $setOnInsert for upserts', () => {
    expect(
      scopeUpdate({ $inc: { n: 1 }, $set: { tenantId: 'acme', a: 1 } }, 'tenantId', 'acme'),
    ).toEqual({
      $inc: { n: 1 },
      $set: { a: 1 },
    });
    expect(scopeUpdate({ status: 'x', tenantId: 'acme' }, 'tenantId', 'acme', true)).toEqual({
      status: 'x',
      $setOnInsert: { tenantId: 'acme' },
    });
    expect(scopeUpdate({ $setOnInsert: { created: 1 } }, 'tenantId', 'acme', true)).toEqual({
      $setOnInsert: { created: 1, tenantId: 'acme' },
    });
  });

  it('rejects assigning another tenant, directly, implicitly or through a parent object', () => {
    for (const update of [
      { $set: { tenantId: 'bolt' } },
      { tenantId: 'bolt' },
      { $setOnInsert: { tenantId: 'bolt' } },
    ]) {
      expect(isTenantMismatchError(thrownBy(() => scopeUpdate(update, 'tenantId', 'acme')))).toBe(
        true,
      );
    }
    expect(
      isTenantMismatchError(
        thrownBy(() =>
          scopeUpdate({ $set: { owner: { tenant: 'bolt' } } }, 'owner.tenant', 'acme'),
        ),
      ),
    ).toBe(true);
    expect(
      scopeUpdate({ $set: { owner: { tenant: 'acme', n: 1 } } }, 'owner.tenant', 'acme'),
    ).toEqual({
      $set: { owner: { tenant: 'acme', n: 1 } },
    });
  });

  it('rejects other operators on the tenant field', () => {
    for (const update of [
      { $unset: { tenantId: 1 } },
      { $rename: { tenantId: 'old' } },
      { $rename: { other: 'tenantId' } },
      { $inc: { 'tenantId.x': 1 } },
      { $set: { owner: { n: 1 } } },
    ]) {
      const field = '$set' in update ? 'owner.tenant' : 'tenantId';
      expect(isTenantIsolationError(thrownBy(() => scopeUpdate(update, field, 'acme')))).toBe(true);
    }
  });

  it('ends a pipeline update with a $set of the tenant', () => {
    expect(scopeUpdate([{ $replaceWith: { a: 1 } }], 'tenantId', 'acme')).toEqual([
      { $replaceWith: { a: 1 } },
      { $set: { tenantId: 'acme' } },
    ]);
  });
});

describe('scopeReplacement', () => {
  it('stamps the tenant and rejects another one', () => {
    expect(scopeReplacement({ a: 1 }, 'tenantId', 'acme')).toEqual({ a: 1, tenantId: 'acme' });
    expect(
      isTenantMismatchError(
        thrownBy(() => scopeReplacement({ tenantId: 'bolt' }, 'tenantId', 'acme')),
      ),
    ).toBe(true);
  });
});
