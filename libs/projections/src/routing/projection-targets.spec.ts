import { describe, expect, it } from '@jest/globals';
import { InMemoryEventStore, ReadModelStore } from '@cqrs-ddd/core';
import { FakeStorageTargets, pollUntil } from '@cqrs-ddd/core/testing';
import { AppendHooks } from '@cqrs-ddd/event-store';
import { isProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import {
  InlineAccountsModule,
  InlineBalanceProjection,
  InlineBalanceQueries,
} from '../module/inline-projection.fixture.js';
import type { EventProcessor } from '../processor/event-processor.js';
import { BalanceQueries, type Balance, depositIn } from '../module/projections-module.fixture.js';
import { ProjectionsService } from '../module/projections.service.js';
import { asTenant, bootRouted, readBalance } from './projection-targets.fixture.js';
import { ProjectionTargets } from './projection-targets.js';
import { FakeTargetEventStores, schemaTarget } from './target-event-stores.fixture.js';

const beta = schemaTarget('beta');
const memory = { store: 'memory', stateRefreshMs: 20, dropDelayMs: 0 } as const;

/** A routed app with tenant `beta` in a schema of its own and the others on shared tables. */
async function routedApp(targets = [beta]) {
  const storageTargets = new FakeStorageTargets(targets);
  const eventStores = new FakeTargetEventStores(new InMemoryEventStore());
  const moduleRef = await bootRouted(memory, {
    eventStore: eventStores.shared,
    storageTargets,
    targetEventStores: eventStores,
  });
  const service = moduleRef.get(ProjectionsService);
  return { moduleRef, service, storageTargets, eventStores };
}

describe('ProjectionsModule with storage targets (memory)', () => {
  it("projects a dedicated target's log into its own read models; reads follow the request's target", async () => {
    const { moduleRef, service, storageTargets, eventStores } = await routedApp();
    try {
      await depositIn(eventStores.shared, 'acme', 'a-1', 10);
      const betaLog = eventStores.of(beta);
      await depositIn(betaLog, 'beta', 'a-1', 7);
      await depositIn(betaLog, 'beta', 'a-2', 1, 2);
      const { balances } = moduleRef.get(BalanceQueries);
      // waitFor routes too: beta's stream versions are looked up in beta's log.
      await expect(
        asTenant(storageTargets, 'beta', () =>
          balances.waitFor({ streamId: 'a-2', version: 2 }, 5_000),
        ),
      ).resolves.toBe(true);
      await expect(
        asTenant(storageTargets, 'acme', () =>
          service.waitFor('balances', { streamId: 'a-1', version: 1 }),
        ),
      ).resolves.toBe(true);

      await expect(readBalance(moduleRef, storageTargets, 'beta', 'a-1')).resolves.toEqual({
        id: 'a-1',
        balance: 7,
        deposits: 1,
      });
      await expect(readBalance(moduleRef, storageTargets, 'acme', 'a-1')).resolves.toEqual({
        id: 'a-1',
        balance: 10,
        deposits: 1,
      });
      // Beta's events are in beta's stores only, and the shared events in the shared ones.
      const shared = moduleRef.get(ReadModelStore).collection<Balance>('balances_g1', {
        tenantId: 'beta',
      });
      await expect(shared.get('a-1')).resolves.toBeUndefined();
      const betaTarget = await moduleRef.get(ProjectionTargets).forTarget(beta);
      const betaStore = betaTarget.infrastructure.readModels;
      await expect(
        betaStore.collection<Balance>('balances_g1', { tenantId: 'acme' }).get('a-1'),
      ).resolves.toBeUndefined();
      await expect(
        betaStore.collection<Balance>('balances_g1', { tenantId: 'beta' }).get('a-2'),
      ).resolves.toMatchObject({ balance: 3, deposits: 2 });

      // Status answers for the caller's target; operators list every target.
      const [betaStatus] = await asTenant(storageTargets, 'beta', () => service.status());
      expect(betaStatus.active?.partitions[0].checkpoint).toEqual(await betaLog.headPosition());
      const byTarget = await service.statusByTarget();
      expect(byTarget.map(({ target, tenantId }) => ({ target, tenantId }))).toEqual([
        { target: 'shared', tenantId: undefined },
        { target: beta.key, tenantId: 'beta' },
      ]);
      expect(byTarget[1].projections[0].active?.partitions[0].eventsBehind).toBe(0);
    } finally {
      await moduleRef.close();
    }
  });

  it('starts processing a target added while the app runs (onAdded)', async () => {
    const { moduleRef, service, storageTargets, eventStores } = await routedApp([]);
    try {
      const gamma = schemaTarget('gamma');
      storageTargets.add(gamma);
      await depositIn(eventStores.of(gamma), 'gamma', 'g-1', 4, 5);
      const balance = await pollUntil(
        () => readBalance(moduleRef, storageTargets, 'gamma', 'g-1'),
        (value) => value?.balance === 9,
        5_000,
      );
      expect(balance).toEqual({ id: 'g-1', balance: 9, deposits: 2 });
      await expect(readBalance(moduleRef, storageTargets, 'acme', 'g-1')).resolves.toBeUndefined();
      expect((await service.statusByTarget()).map(({ target }) => target)).toEqual([
        'shared',
        gamma.key,
      ]);
    } finally {
      await moduleRef.close();
    }
    expect(storageTargets.listenerCount).toBe(0);
  });

  it("rebuilds a dedicated tenant's projection into a new generation, there only", async () => {
    const { moduleRef, service, storageTargets, eventStores } = await routedApp();
    try {
      await depositIn(eventStores.of(beta), 'beta', 'a-1', 1, 2, 3);
      const result = await service.rebuild('balances', { tenantId: 'beta' });
      expect(result).toMatchObject({ mode: 'generation', target: beta.key, tenantId: 'beta' });
      expect(result.state?.buildingGeneration).toBe(2);
      const runtime = await service.runtimeFor('balances', 'beta');
      await pollUntil(
        async () => runtime.activeCollection(),
        (collection) => collection === 'balances_g2',
        5_000,
      );
      expect(runtime.activeCollection()).toBe('balances_g2');
      expect(service.runtime('balances').activeCollection()).toBe('balances_g1');
      await expect(readBalance(moduleRef, storageTargets, 'beta', 'a-1')).resolves.toMatchObject({
        balance: 6,
        deposits: 3,
      });
    } finally {
      await moduleRef.close();
    }
  });

  it("stops every target's processors on shutdown", async () => {
    const { moduleRef, service } = await routedApp();
    const runtime = await service.runtimeFor('balances', 'beta');
    expect((await runtime.status()).active?.partitions[0].state).not.toBe('idle');
    await moduleRef.close();
    expect((await runtime.status()).active).toBeUndefined();
    expect((await service.runtime('balances').status()).active).toBeUndefined();
  });

  it('refuses a dedicated target without TargetEventStores, with a clear error', async () => {
    const error = await bootRouted(memory, {
      eventStore: new InMemoryEventStore(),
      storageTargets: new FakeStorageTargets([beta]),
    }).then(
      (moduleRef) => moduleRef.close().then(() => undefined),
      (reason: unknown) => reason,
    );
    expect(isProjectionsConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain('TargetEventStores');
  });

  it('sets up other processors on every target, added ones included (onTarget)', async () => {
    const { moduleRef, storageTargets, eventStores } = await routedApp();
    try {
      const seen = new Map<string, string[]>();
      await moduleRef.get(ProjectionTargets).onTarget((target) => {
        const processor: EventProcessor = {
          name: 'stream-audit',
          handleBatch: async (events) => {
            const streams = seen.get(target.key) ?? [];
            seen.set(target.key, [...streams, ...events.map((event) => event.streamId)]);
          },
        };
        target.engine.register(processor).start();
      });
      const gamma = schemaTarget('gamma');
      storageTargets.add(gamma);
      await depositIn(eventStores.shared, 'acme', 's-1', 1);
      await depositIn(eventStores.of(beta), 'beta', 'b-1', 1);
      await depositIn(eventStores.of(gamma), 'gamma', 'g-1', 1);
      const done = await pollUntil(
        async () => seen,
        (value) => value.size === 3,
        5_000,
      );
      expect(Object.fromEntries(done)).toEqual({
        shared: ['s-1'],
        [beta.key]: ['b-1'],
        [gamma.key]: ['g-1'],
      });
    } finally {
      await moduleRef.close();
    }
  });

  it("applies an inline projection on the appending tenant's target", async () => {
    const storageTargets = new FakeStorageTargets([beta]);
    const eventStores = new FakeTargetEventStores(new InMemoryEventStore());
    const hooks = new AppendHooks();
    const moduleRef = await bootRouted(
      memory,
      {
        eventStore: eventStores.shared,
        storageTargets,
        targetEventStores: eventStores,
        providers: [{ provide: AppendHooks, useValue: hooks }],
      },
      [InlineAccountsModule],
    );
    try {
      const service = moduleRef.get(ProjectionsService);
      const runtime = await service.runtimeFor(InlineBalanceProjection, 'beta');
      await runtime.processors().pause(); // only the inline path can apply now
      // What the event store does inside a routed append: the hooks run in the tenant's context.
      await asTenant(storageTargets, 'beta', async () => {
        const { events } = await depositIn(eventStores.of(beta), 'beta', 'i-1', 4);
        await hooks.run(events);
      });
      const { balances } = moduleRef.get(InlineBalanceQueries);
      await expect(asTenant(storageTargets, 'beta', () => balances.get('i-1'))).resolves.toEqual({
        id: 'i-1',
        balance: 4,
        deposits: 1,
      });
      const sharedRuntime = service.runtime(InlineBalanceProjection);
      const shared = sharedRuntime.readModels.collection('inline_balances_g1', {
        tenantId: 'beta',
      });
      await expect(shared.get('i-1')).resolves.toBeUndefined();
    } finally {
      await moduleRef.close();
    }
  });
});
