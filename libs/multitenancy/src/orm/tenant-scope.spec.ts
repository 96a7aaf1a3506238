import { describe, expect, it } from '@jest/globals';
import { runInContext } from '@cqrs-ddd/core';
import { thrownBy } from '@cqrs-ddd/core/testing';
import { EntitySchema, type EntityMetadata, type FilterDef, type Platform } from '@mikro-orm/core';
import { isMultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import { isTenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { isTenantRequiredError } from '../errors/tenant-required.error.js';
import { TenantAssignmentSubscriber } from './tenant-assignment.subscriber.js';
import { applyTenantScope, withTenantIsolation } from './tenant-isolation.config.js';
import { tenantScoped, TenantScoped } from './tenant-scoped.decorator.js';
import { checkTenantUnchanged, tenantWhere, withTenant } from './tenant-where.js';
import { TENANT_FILTER, tenantFilter, tenantPropertyOf } from './tenant.filter.js';

type Cond = (
  args: unknown,
  type: string,
  em: unknown,
  options: unknown,
  entityName?: string,
) => unknown;
const condOf = (filter: FilterDef) => filter.cond as Cond;

describe('tenantFilter', () => {
  it('is the default-on filter `tenant`, needs no arguments and names the current tenant', () => {
    const filter = tenantFilter({ property: 'org' });
    expect(filter).toMatchObject({ name: TENANT_FILTER, default: true, args: false });
    expect(
      runInContext({ tenantId: 'acme' }, () => condOf(filter)({}, 'read', null, {}, 'Order')),
    ).toEqual({
      org: 'acme',
    });
  });

  it('throws TenantRequiredError without a tenant', () => {
    const error = thrownBy(() => condOf(tenantFilter())({}, 'update', null, {}, 'Order'));
    expect(isTenantRequiredError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Updating Order needs a tenant/);
  });
});

describe('TenantScoped / tenantScoped / applyTenantScope', () => {
  @TenantScoped({ property: 'org' })
  class Account {
    id!: string;
    org!: string;
  }
  class SubAccount extends Account {}
  const meta = (cls: unknown, properties: string[], extra: Partial<EntityMetadata> = {}) =>
    ({
      class: cls,
      className: 'X',
      properties: Object.fromEntries(properties.map((p) => [p, { name: p }])),
      filters: {},
      ...extra,
    }) as unknown as EntityMetadata;

  it('marks the class (inherited) and gives its metadata the filter at discovery', () => {
    const accountMeta = meta(Account, ['id', 'org']);
    applyTenantScope(accountMeta);
    expect(tenantPropertyOf(accountMeta)).toBe('org');
    expect(accountMeta.filters[TENANT_FILTER]).toMatchObject({
      name: TENANT_FILTER,
      default: true,
    });
    expect(tenantPropertyOf(meta(SubAccount, []))).toBe('org');
    const plain = meta(class Plain {}, ['id']);
    applyTenantScope(plain);
    expect(plain.filters).toEqual({});
    expect(tenantPropertyOf(plain)).toBeUndefined();
  });

  it('refuses an entity without the tenant property', () => {
    expect(
      isMultitenancyConfigurationError(thrownBy(() => applyTenantScope(meta(Account, ['id'])))),
    ).toBe(true);
    const schema = new EntitySchema({
      name: 'Note',
      properties: { id: { type: 'string', primary: true } },
    });
    expect(isMultitenancyConfigurationError(thrownBy(() => tenantScoped(schema)))).toBe(true);
  });

  it('tenantScoped() adds the filter to an EntitySchema', () => {
    const schema = tenantScoped(
      new EntitySchema({
        name: 'Memo',
        properties: { id: { type: 'string', primary: true }, tenantId: { type: 'string' } },
      }),
    );
    expect(tenantPropertyOf(schema.meta)).toBe('tenantId');
  });
});

describe('withTenantIsolation', () => {
  it('keeps the options, chains onMetadata and adds the subscriber once', async () => {
    const seen: string[] = [];
    const options = withTenantIsolation({
      clientUrl: 'postgres://x',
      discovery: {
        warnWhenNoEntities: false,
        onMetadata: (m: EntityMetadata) => void seen.push(m.className),
      },
    });
    expect(options.clientUrl).toBe('postgres://x');
    expect(options.discovery.warnWhenNoEntities).toBe(false);
    expect([...options.subscribers]).toEqual([expect.any(TenantAssignmentSubscriber)]);
    expect([
      ...withTenantIsolation({ subscribers: [TenantAssignmentSubscriber] }).subscribers,
    ]).toHaveLength(1);
    @TenantScoped()
    class Scoped {}
    const scopedMeta = {
      class: Scoped,
      className: 'Scoped',
      properties: { tenantId: {} },
      filters: {},
    };
    await options.discovery.onMetadata!(scopedMeta as unknown as EntityMetadata, {} as Platform);
    expect(seen).toEqual(['Scoped']);
    expect(tenantPropertyOf(scopedMeta as unknown as EntityMetadata)).toBe('tenantId');
  });
});

describe('tenant conditions and data', () => {
  const meta = { primaryKeys: ['id'], compositePK: false } as unknown as EntityMetadata;

  it('limits object conditions, primary keys and lists of keys to the tenant', () => {
    const tenant = { tenantId: 'acme' };
    expect(tenantWhere(undefined, meta, 'tenantId', 'acme')).toEqual(tenant);
    expect(tenantWhere({}, meta, 'tenantId', 'acme')).toEqual(tenant);
    expect(tenantWhere({ status: 'x' }, meta, 'tenantId', 'acme')).toEqual({
      $and: [{ status: 'x' }, tenant],
    });
    expect(tenantWhere('a-1', meta, 'tenantId', 'acme')).toEqual({ $and: [{ id: 'a-1' }, tenant] });
    expect(tenantWhere(['a-1', 'a-2'], meta, 'tenantId', 'acme')).toEqual({
      $and: [{ id: { $in: ['a-1', 'a-2'] } }, tenant],
    });
  });

  it('stamps new data with the tenant and refuses another tenant', () => {
    const data = { id: 'a' };
    expect(withTenant(data, 'tenantId', 'acme')).toEqual({ id: 'a', tenantId: 'acme' });
    expect(data).toEqual({ id: 'a' });
    expect(
      isTenantMismatchError(thrownBy(() => withTenant({ tenantId: 'bolt' }, 'tenantId', 'acme'))),
    ).toBe(true);
    expect(() =>
      checkTenantUnchanged({ status: 'x', tenantId: 'acme' }, 'tenantId', 'acme'),
    ).not.toThrow();
    expect(
      isTenantMismatchError(
        thrownBy(() => checkTenantUnchanged({ tenantId: 'bolt' }, 'tenantId', 'acme')),
      ),
    ).toBe(true);
  });
});
