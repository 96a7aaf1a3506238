import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@cqrs-ddd/core';
import { expectIsoTimestamp, rejectionOf, useContractSubject } from '@cqrs-ddd/core/testing';
import type { TenantRegistry } from '../registry/tenant-registry.port.js';
import type { NewTenant, Tenant } from '../registry/tenant.js';
import {
  INVALID_NEW_TENANT_CASES,
  MALFORMED_TENANT_IDS,
  TENANT_REGISTRY_TIER_CASES,
} from './tenant-registry.cases.js';

/** What `describeTenantRegistryContract` needs per test: an empty registry. */
export interface TenantRegistryContractSubject {
  /** The adapter under test, holding no tenant. */
  readonly registry: TenantRegistry;
  /**
   * Moves the registry's clock forward by `ms` (provide it when the registry was given a
   * `FakeClock`); without it the suite waits for the wall clock to move on.
   * @default undefined (real time)
   */
  advanceTime?(ms: number): void | Promise<void>;
  /** Releases what the factory acquired (pools, schemas). @default undefined */
  dispose?(): void | Promise<void>;
}

/** Builds a fresh {@link TenantRegistryContractSubject} for one test. */
export type TenantRegistryContractFactory = () =>
  TenantRegistryContractSubject | Promise<TenantRegistryContractSubject>;

const ACME: NewTenant = { id: 'acme', name: 'Acme Corp', isolation: 'shared' };

/**
 * The behaviour every {@link TenantRegistry} adapter must have: validated registration of each
 * isolation tier, unique ids (and schemas, database URLs), name and status updates, lists
 * ordered by id, and objects handed out that cannot change what is stored.
 */
export function describeTenantRegistryContract(
  name: string,
  factory: TenantRegistryContractFactory,
): void {
  describe(`TenantRegistry contract: ${name}`, () => {
    const subject = useContractSubject(async () => {
      const made = await factory();
      return { ...made, adapter: made.registry, dispose: () => made.dispose?.() };
    });
    const registry = () => subject().adapter;
    /** Lets time pass, so a later write gets a later timestamp. */
    const letTimePass = async (since: string) => {
      const { advanceTime } = subject();
      if (advanceTime) return advanceTime(1000);
      while (Date.now() <= Date.parse(since)) await new Promise((r) => setImmediate(r));
    };

    it.each(TENANT_REGISTRY_TIER_CASES)('registers and finds a %s tenant', async (_, tenant) => {
      const created = await registry().create(tenant);
      expect(created).toEqual({
        ...tenant,
        status: 'active',
        createdAt: expect.any(String),
        updatedAt: created.createdAt,
      });
      expectIsoTimestamp(created.createdAt);
      expect(await registry().find(tenant.id)).toEqual(created);
    });

    it('keeps an explicit status and leaves out the fields of other tiers', async () => {
      const created = await registry().create({ ...ACME, status: 'suspended' });
      expect(created.status).toBe('suspended');
      expect(Object.keys(created).sort()).toEqual(
        ['createdAt', 'id', 'isolation', 'name', 'status', 'updatedAt'].sort(),
      );
      expect(await registry().find('acme')).toEqual(created);
    });

    it('accepts the longest id and name', async () => {
      const tenant = { id: `a${'-0'.repeat(31)}`, name: 'n'.repeat(200), isolation: 'shared' };
      expect(tenant.id).toHaveLength(63);
      const created = await registry().create(tenant as NewTenant);
      expect(await registry().find(tenant.id)).toEqual(created);
    });

    it('refuses a taken id with TENANT_ALREADY_EXISTS and changes nothing', async () => {
      const first = await registry().create(ACME);
      const error = await rejectionOf(
        registry().create({ id: 'acme', name: 'Other', isolation: 'schema', schema: 'other' }),
      );
      expect(error).toMatchObject({ code: 'TENANT_ALREADY_EXISTS', tenantId: 'acme' });
      expect(await registry().find('acme')).toEqual(first);
      expect(await registry().list()).toEqual([first]);
    });

    it.each(MALFORMED_TENANT_IDS)('refuses the id %p with INVALID_TENANT_ID', async (id) => {
      const error = await rejectionOf(registry().create({ ...ACME, id } as NewTenant));
      expect(error).toMatchObject({ code: 'INVALID_TENANT_ID' });
      expect(await registry().list()).toEqual([]);
    });

    it.each(INVALID_NEW_TENANT_CASES)(
      'refuses %s with VALIDATION_FAILED naming each field',
      async (_, tenant, fields) => {
        const error = await rejectionOf(registry().create(tenant as NewTenant));
        expect(error).toBeInstanceOf(ValidationError);
        const paths = (error as ValidationError).issues.map((issue) => issue.path);
        expect(paths.sort()).toEqual([...fields].sort());
        expect(await registry().find('t')).toBeNull();
        expect(await registry().list()).toEqual([]);
      },
    );

    it('refuses a schema or database URL another tenant uses, as they would share data', async () => {
      const schema = await registry().create(TENANT_REGISTRY_TIER_CASES[1][1]);
      const database = await registry().create(TENANT_REGISTRY_TIER_CASES[2][1]);
      for (const [field, tenant] of [
        ['schema', { id: 'copy', name: 'Copy', isolation: 'schema', schema: schema.schema }],
        [
          'databaseUrl',
          { id: 'copy', name: 'C', isolation: 'database', databaseUrl: database.databaseUrl },
        ],
      ] as const) {
        const error = await rejectionOf(registry().create(tenant as NewTenant));
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues).toEqual([
          expect.objectContaining({ path: field, rule: 'unique' }),
        ]);
      }
      expect(await registry().find('copy')).toBeNull();
      expect(await registry().list()).toEqual([schema, database]);
    });

    it('updates the name and status, moving updatedAt and keeping createdAt', async () => {
      const created = await registry().create(TENANT_REGISTRY_TIER_CASES[1][1]);
      await letTimePass(created.updatedAt);
      const renamed = await registry().update('globex', { name: 'Globex Corporation' });
      expect(renamed).toEqual({
        ...created,
        name: 'Globex Corporation',
        updatedAt: expect.any(String),
      });
      expect(Date.parse(renamed.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
      expect(await registry().find('globex')).toEqual(renamed);

      await letTimePass(renamed.updatedAt);
      const suspended = await registry().update('globex', { status: 'suspended' });
      expect(suspended).toMatchObject({ name: 'Globex Corporation', status: 'suspended' });
      expect(suspended.createdAt).toBe(created.createdAt);
      expect(Date.parse(suspended.updatedAt)).toBeGreaterThan(Date.parse(renamed.updatedAt));
      expect(await registry().find('globex')).toEqual(suspended);

      const both = await registry().update('globex', { name: 'G', status: 'active' });
      expect(both).toMatchObject({ name: 'G', status: 'active', schema: 'tenant_globex' });
      expect(await registry().update('globex', {})).toEqual(both);
    });

    it('refuses to update an unknown or malformed id with TENANT_NOT_FOUND', async () => {
      await registry().create(ACME);
      for (const id of ['globex', 'ACME', '']) {
        const error = await rejectionOf(registry().update(id, { name: 'X' }));
        expect(error).toMatchObject({ code: 'TENANT_NOT_FOUND' });
      }
      expect(await registry().find('globex')).toBeNull();
      expect((await registry().find('acme'))?.name).toBe('Acme Corp');
    });

    it('refuses an invalid patch, or one changing what is fixed, and changes nothing', async () => {
      const created = await registry().create(ACME);
      const patches: [object, string[]][] = [
        [{ name: '' }, ['name']],
        [{ name: 'x'.repeat(201), status: 'gone' }, ['name', 'status']],
        [{ isolation: 'schema', schema: 'acme' }, ['isolation', 'schema']],
        [{ id: 'other' }, ['id']],
      ];
      for (const [patch, fields] of patches) {
        const error = await rejectionOf(registry().update('acme', patch));
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((i) => i.path).sort()).toEqual(fields.sort());
      }
      expect(await registry().find('acme')).toEqual(created);
    });

    it('lists tenants ordered by id (code-unit order), optionally of one status', async () => {
      for (const id of ['b', 'a-c', 'ab', '0a', 'a0']) {
        await registry().create({ id, name: id.toUpperCase(), isolation: 'shared' });
      }
      await registry().update('ab', { status: 'suspended' });
      await registry().update('0a', { status: 'suspended' });
      const all = await registry().list();
      expect(all.map((t) => t.id)).toEqual(['0a', 'a-c', 'a0', 'ab', 'b']);
      expect(all[3]).toEqual(await registry().find('ab'));
      const active = await registry().list({ status: 'active' });
      expect(active.map((t) => t.id)).toEqual(['a-c', 'a0', 'b']);
      const suspended = await registry().list({ status: 'suspended' });
      expect(suspended.map((t) => t.id)).toEqual(['0a', 'ab']);
      expect(await registry().list({})).toEqual(all);
      const error = await rejectionOf(registry().list({ status: 'gone' as 'active' }));
      expect(error).toBeInstanceOf(ValidationError);
    });

    it.each(MALFORMED_TENANT_IDS)('finds nothing for the malformed id %p', async (id) => {
      await registry().create(ACME);
      expect(await registry().find(id as string)).toBeNull();
    });

    it('finds nothing for an unknown id', async () => {
      await registry().create(ACME);
      expect(await registry().find('acme-2')).toBeNull();
    });

    it('hands out objects that cannot change what is stored', async () => {
      const input = { ...ACME };
      const created = await registry().create(input);
      input.name = 'Changed input';
      const attempt = (tenant: Tenant) => {
        try {
          (tenant as { name: string }).name = 'Mutated';
        } catch {
          // Frozen objects throw in strict mode: as good as ignoring the write.
        }
      };
      attempt(created);
      attempt((await registry().find('acme'))!);
      attempt((await registry().list())[0]);
      attempt(await registry().update('acme', { status: 'suspended' }));
      const stored = await registry().find('acme');
      expect(stored).toMatchObject({ name: 'Acme Corp', status: 'suspended' });
      expect((await registry().list())[0].name).toBe('Acme Corp');
    });
  });
}
