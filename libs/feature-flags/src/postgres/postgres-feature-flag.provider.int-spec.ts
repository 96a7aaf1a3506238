import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FlagDefinition } from '@cqrs-ddd/core';
import { describeFeatureFlagProviderContract, pollUntil, uniqueName } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ensureFeatureFlagsSchema } from './feature-flags-schema.js';
import {
  PostgresFeatureFlagProvider,
  type PostgresFeatureFlagProviderOptions,
} from './postgres-feature-flag.provider.js';

describe('PostgresFeatureFlagProvider', () => {
  let orm: MikroORM;
  const opened: { close(): Promise<unknown> }[] = [];

  beforeAll(async () => {
    orm = await createTestOrm();
  });

  afterAll(async () => {
    for (const resource of opened.reverse()) await resource.close();
    await orm?.close();
  });

  const emOf = (owner: MikroORM) => owner.em as EntityManager;

  async function freshSchema(): Promise<string> {
    const schema = uniqueName('ff');
    await ensureFeatureFlagsSchema(emOf(orm).getConnection(), schema);
    return schema;
  }

  async function startProvider(
    schema: string,
    options: Omit<PostgresFeatureFlagProviderOptions, 'schema'> = {},
    owner: MikroORM = orm,
  ): Promise<PostgresFeatureFlagProvider> {
    const provider = await PostgresFeatureFlagProvider.start(emOf(owner), { schema, ...options });
    opened.push(provider);
    return provider;
  }

  async function providerServing(...definitions: FlagDefinition[]) {
    const schema = await freshSchema();
    const provider = new PostgresFeatureFlagProvider(emOf(orm), { schema });
    await provider.store.seed(definitions);
    await provider.start();
    return { schema, provider };
  }

  describeFeatureFlagProviderContract('postgres', () => {
    const started: PostgresFeatureFlagProvider[] = [];
    return {
      adapter: async (definitions) => {
        const { provider } = await providerServing(...definitions);
        started.push(provider);
        return provider;
      },
      dispose: async () => {
        await Promise.all(started.map((provider) => provider.close()));
      },
    };
  });

  describe('sticky percentage rollout', () => {
    const ids = Array.from({ length: 10_000 }, (_, index) => `user-${index}`);
    const servedBy = async (provider: PostgresFeatureFlagProvider) => {
      const served = new Set<string>();
      for (const principalId of ids) {
        if (await provider.isEnabled('new-checkout', { principalId })) served.add(principalId);
      }
      return served;
    };

    it('serves 30% of 10,000 subjects within ±3%, the same ones after a restart on a new connection pool', async () => {
      const { schema, provider } = await providerServing({
        key: 'new-checkout',
        enabled: true,
        defaultValue: false,
        rollout: { percentage: 30, value: true },
      });
      opened.push(provider);
      const before = await servedBy(provider);
      expect(before.size).toBeGreaterThanOrEqual(2_700);
      expect(before.size).toBeLessThanOrEqual(3_300);
      await provider.close();

      const restartedOrm = await createTestOrm();
      opened.push(restartedOrm);
      const restarted = await startProvider(schema, {}, restartedOrm);
      const after = await servedBy(restarted);
      expect([...after]).toEqual([...before]);
    });
  });

  describe('tenant overrides', () => {
    it("serves a tenant's row over the global one and falls back to the global row otherwise", async () => {
      const { provider } = await providerServing({
        key: 'checkout',
        enabled: true,
        defaultValue: 'classic',
      });
      opened.push(provider);
      await provider.store.create('acme', {
        key: 'checkout',
        enabled: true,
        defaultValue: 'one-click',
      });
      await provider.store.create('initech', {
        key: 'checkout',
        enabled: false,
        defaultValue: 'x',
      });
      await provider.refresh();

      await expect(provider.evaluate('checkout', { tenantId: 'acme' }, 'none')).resolves.toEqual({
        value: 'one-click',
        reason: 'static',
      });
      await expect(provider.evaluate('checkout', { tenantId: 'globex' }, 'none')).resolves.toEqual({
        value: 'classic',
        reason: 'static',
      });
      await expect(provider.evaluate('checkout', {}, 'none')).resolves.toEqual({
        value: 'classic',
        reason: 'static',
      });
      // A tenant's disabled override switches the flag off for that tenant only.
      await expect(provider.evaluate('checkout', { tenantId: 'initech' }, 'none')).resolves.toEqual(
        {
          value: 'none',
          reason: 'disabled',
        },
      );

      await provider.store.remove('acme', 'checkout');
      await provider.refresh();
      await expect(provider.evaluate('checkout', { tenantId: 'acme' }, 'none')).resolves.toEqual({
        value: 'classic',
        reason: 'static',
      });
    });

    it('treats a flag that is in no scope as off (unknown-flag)', async () => {
      const { provider } = await providerServing();
      opened.push(provider);
      await provider.store.create('acme', { key: 'acme-only', enabled: true, defaultValue: true });
      await provider.refresh();
      await expect(provider.isEnabled('missing', { tenantId: 'acme' })).resolves.toBe(false);
      await expect(provider.isEnabled('acme-only', { tenantId: 'globex' })).resolves.toBe(false);
      await expect(provider.evaluate('acme-only', { tenantId: 'globex' }, false)).resolves.toEqual({
        value: false,
        reason: 'unknown-flag',
      });
      await expect(provider.isEnabled('acme-only', { tenantId: 'acme' })).resolves.toBe(true);
    });
  });

  describe('changes across instances', () => {
    it('shows a change made through instance A on instance B (another pool) within 1 s', async () => {
      const schema = await freshSchema();
      const otherOrm = await createTestOrm();
      opened.push(otherOrm);
      // Polling every minute: only the NOTIFY can make B see the change in time.
      const a = await startProvider(schema, { refreshIntervalMs: 60_000 });
      const b = await startProvider(schema, { refreshIntervalMs: 60_000 }, otherOrm);
      await expect(b.isEnabled('live', {})).resolves.toBe(false);

      let since = Date.now();
      const created = await a.store.create(undefined, {
        key: 'live',
        enabled: true,
        defaultValue: true,
      });
      const seen = await pollUntil(
        () => b.isEnabled('live', {}),
        (on) => on,
        1_000,
      );
      expect(seen).toBe(true);
      expect(Date.now() - since).toBeLessThan(1_000);

      since = Date.now();
      await a.store.update(
        undefined,
        { key: 'live', enabled: false, defaultValue: true },
        created.version,
      );
      const off = await pollUntil(
        () => b.evaluate('live', {}, true),
        (result) => result.reason === 'disabled',
        1_000,
      );
      expect(off).toEqual({ value: true, reason: 'disabled' });
      expect(Date.now() - since).toBeLessThan(1_000);
    });

    it('keeps serving its last flags when a reload fails, and recovers', async () => {
      const { schema, provider } = await providerServing({
        key: 'steady',
        enabled: true,
        defaultValue: true,
      });
      opened.push(provider);
      await emOf(orm)
        .getConnection()
        .execute(`ALTER TABLE "${schema}"."feature_flags" RENAME TO moved`);
      await expect(provider.refresh()).rejects.toThrow();
      await expect(provider.isEnabled('steady', {})).resolves.toBe(true);
      await emOf(orm)
        .getConnection()
        .execute(`ALTER TABLE "${schema}"."moved" RENAME TO feature_flags`);
      await provider.refresh();
      await expect(provider.isEnabled('steady', {})).resolves.toBe(true);
    });
  });
});
