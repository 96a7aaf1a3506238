import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ConcurrencyError,
  isConcurrencyError,
  isNotFoundError,
  isValidationError,
  type ValidationError,
} from '@cqrs-ddd/core';
import { rejectionOf, uniqueName } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ensureFeatureFlagsSchema } from './feature-flags-schema.js';
import { PostgresFeatureFlagStore } from './postgres-feature-flag.store.js';

describe('PostgresFeatureFlagStore', () => {
  let orm: MikroORM;
  let em: EntityManager;

  beforeAll(async () => {
    orm = await createTestOrm();
    em = orm.em as EntityManager;
  });

  afterAll(async () => {
    await orm?.close();
  });

  async function freshStore(): Promise<PostgresFeatureFlagStore> {
    const schema = uniqueName('ffs');
    await ensureFeatureFlagsSchema(em.getConnection(), schema);
    return new PostgresFeatureFlagStore(em, { schema });
  }

  it('creates the table idempotently, even from several instances at once', async () => {
    const schema = uniqueName('ffs');
    await Promise.all(
      Array.from({ length: 4 }, () => ensureFeatureFlagsSchema(em.getConnection(), schema)),
    );
    await ensureFeatureFlagsSchema(em.getConnection(), schema);
    const store = new PostgresFeatureFlagStore(em, { schema });
    await expect(store.list(undefined)).resolves.toEqual([]);
  });

  it('versions every write and refuses stale versions, per scope', async () => {
    const store = await freshStore();
    const created = await store.create(
      'acme',
      { key: 'beta', enabled: true, defaultValue: true },
      { updatedBy: 'ann' },
    );
    expect(created).toMatchObject({ key: 'beta', tenantId: 'acme', version: 1, updatedBy: 'ann' });
    expect(created.definition).toEqual({ key: 'beta', enabled: true, defaultValue: true });
    expect(created.updatedAt).toBeInstanceOf(Date);
    expect(Math.abs(created.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);

    const duplicate = await rejectionOf(
      store.create('acme', { key: 'beta', enabled: false, defaultValue: true }),
    );
    expect(isConcurrencyError(duplicate)).toBe(true);
    // The same key in another scope is another flag.
    await expect(
      store.create(undefined, { key: 'beta', enabled: false, defaultValue: true }),
    ).resolves.toMatchObject({ version: 1 });

    const updated = await store.update(
      'acme',
      { key: 'beta', enabled: false, defaultValue: true },
      1,
    );
    expect(updated).toMatchObject({ version: 2, definition: { enabled: false } });
    const stale = await rejectionOf(
      store.update('acme', { key: 'beta', enabled: true, defaultValue: true }, 1),
    );
    expect(stale).toBeInstanceOf(ConcurrencyError);
    expect(stale).toMatchObject({ expected: 1, actual: 2 });
    expect(
      isNotFoundError(
        await rejectionOf(
          store.update('acme', { key: 'nope', enabled: true, defaultValue: true }, 1),
        ),
      ),
    ).toBe(true);

    expect(isConcurrencyError(await rejectionOf(store.remove('acme', 'beta', 1)))).toBe(true);
    await expect(store.remove('acme', 'beta', 2)).resolves.toMatchObject({ version: 2 });
    expect(isNotFoundError(await rejectionOf(store.remove('acme', 'beta')))).toBe(true);
    await expect(store.get('acme', 'beta')).resolves.toBeUndefined();
    await expect(store.list(undefined)).resolves.toHaveLength(1);
  });

  it('refuses invalid definitions with every issue, storing nothing', async () => {
    const store = await freshStore();
    const error = await rejectionOf(
      store.create(undefined, {
        key: 'bad',
        enabled: 'yes',
        defaultValue: true,
        rollout: { percentage: 120, value: 'x' },
      } as never),
    );
    expect(isValidationError(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['enabled', 'rollout.percentage', 'rollout.value']),
    );
    await expect(store.list(undefined)).resolves.toEqual([]);
  });

  it('seeds global flags only when absent, keeping edited rows', async () => {
    const store = await freshStore();
    await expect(store.seed([{ key: 'a', enabled: true, defaultValue: true }])).resolves.toEqual([
      'a',
    ]);
    await store.update(undefined, { key: 'a', enabled: false, defaultValue: true }, 1);
    await expect(
      store.seed([
        { key: 'a', enabled: true, defaultValue: true },
        { key: 'b', enabled: true, defaultValue: 1 },
      ]),
    ).resolves.toEqual(['b']);
    const flags = await store.list(undefined);
    expect(flags.map((flag) => [flag.key, flag.version, flag.definition.enabled])).toEqual([
      ['a', 2, false],
      ['b', 1, true],
    ]);
  });

  it("writes inside the caller's transaction: a rollback leaves nothing", async () => {
    const store = await freshStore();
    const failure = await rejectionOf(
      em.transactional(async () => {
        await store.create('acme', { key: 'rolled-back', enabled: true, defaultValue: true });
        await expect(store.get('acme', 'rolled-back')).resolves.toBeDefined();
        throw new Error('abort');
      }),
    );
    expect((failure as Error).message).toBe('abort');
    await expect(store.get('acme', 'rolled-back')).resolves.toBeUndefined();
  });
});
