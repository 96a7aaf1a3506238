import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { compareLogPositions, InMemoryEventStore, logPosition } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import {
  type Balance,
  BalanceProjection,
  depositIn,
} from '../module/projections-module.fixture.js';
import { ProjectionsService } from '../module/projections.service.js';
import { yieldToIo } from '../projection/projection-runtime.fixture.js';
import { bootRouted, readBalance } from './projection-targets.fixture.js';
import type { ProjectionTargets } from './projection-targets.js';
import { LedgerProjection, SharedLedgerStores } from './tenant-rebuild.fixture.js';

/** Beyond any position of the tests' logs: a write at it wins over every event. */
const FAR = logPosition('999999999', '999999999');

describe('one-tenant rebuild on shared tables', () => {
  let stores: SharedLedgerStores;
  /** Deposits made, per tenant and account: what the documents must add up to. */
  let made: Map<string, Map<string, Balance>>;

  beforeEach(() => {
    stores = new SharedLedgerStores();
    made = new Map();
  });
  afterEach(async () => {
    BalanceProjection.refuseThirteen = false;
    await stores.stopAll();
  });

  async function deposit(tenantId: string, account: string, amount: number): Promise<void> {
    await depositIn(stores.eventStore, tenantId, account, amount);
    const accounts = made.get(tenantId) ?? new Map<string, Balance>();
    const current = accounts.get(account) ?? { id: account, balance: 0, deposits: 0 };
    accounts.set(account, {
      id: account,
      balance: current.balance + amount,
      deposits: current.deposits + 1,
    });
    made.set(tenantId, accounts);
  }

  function expected(tenantId: string): Balance[] {
    return [...(made.get(tenantId)?.values() ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async function caughtUp(instance: ProjectionTargets): Promise<void> {
    const head = await stores.eventStore.headPosition();
    const runtime = instance.shared.get(LedgerProjection).runtime;
    expect(await runtime.waitFor(head!, 5_000)).toBe(true);
  }

  /** Writes documents no event explains, as a buggy handler or a manual fix would. */
  async function corrupt(tenantId: string, ...ids: string[]): Promise<void> {
    const collection = stores.infrastructure.readModels.collection<Balance>('ledger_g1', {
      tenantId,
    });
    for (const id of ids)
      await collection.upsert({ id, balance: -1, deposits: -1 }, { position: FAR });
  }

  it("rebuilds the tenant's documents only, while appends go on, applying each event once", async () => {
    const instance = stores.instance();
    for (let i = 0; i < 18; i += 1) await deposit('acme', `a-${i % 6}`, i + 1);
    for (let i = 0; i < 8; i += 1) await deposit('globex', `g-${i % 4}`, 100 + i);
    await instance.start();
    await caughtUp(instance);
    await corrupt('acme', 'a-0', 'a-bogus');
    await corrupt('globex', 'g-bogus');
    const globexBefore = await stores.documents('globex');
    const runtime = instance.shared.get(LedgerProjection).runtime;
    const checkpointsBefore = (await runtime.status()).active!.partitions.map((p) => p.checkpoint);

    let rebuilding = true;
    let appendedDuring = 0;
    const appends = (async () => {
      for (let i = 0; i < 30; i += 1) {
        await deposit('acme', `a-${i % 7}`, 1_000 + i);
        if (rebuilding) appendedDuring += 1;
        await yieldToIo();
      }
    })();
    const rebuilt = instance.rebuildTenant('ledger', { tenantId: 'acme' }).finally(() => {
      rebuilding = false;
    });
    const result = await rebuilt.finally(() => appends);
    await caughtUp(instance);

    expect(appendedDuring).toBeGreaterThan(0);
    expect(result).toMatchObject({
      projection: 'ledger',
      tenantId: 'acme',
      target: 'shared',
      mode: 'documents',
      generation: 1,
    });
    expect(result.replayed).toBeGreaterThanOrEqual(18);
    expect(result.checkpoints).toHaveLength(3);
    result.checkpoints!.forEach((checkpoint, partition) =>
      expect(compareLogPositions(checkpoint, checkpointsBefore[partition])).toBeGreaterThanOrEqual(
        0,
      ),
    );
    // Every acme deposit counted once (read-modify-write documents show doubles), no stray document.
    await expect(stores.documents('acme')).resolves.toEqual(expected('acme'));
    await expect(stores.documents('globex')).resolves.toEqual(globexBefore);
  });

  it('leaves out the events the live processor parked, as it did', async () => {
    BalanceProjection.refuseThirteen = true;
    const instance = stores.instance();
    await deposit('acme', 'a-1', 5);
    await depositIn(stores.eventStore, 'acme', 'a-2', 13); // parked, not in `made`
    await deposit('acme', 'a-3', 7);
    await instance.start();
    await caughtUp(instance);
    await expect(stores.infrastructure.parked.count('projection:ledger:g1')).resolves.toBe(1);
    await corrupt('acme', 'a-1');

    const result = await instance.rebuildTenant(LedgerProjection, { tenantId: 'acme' });
    expect(result.replayed).toBe(2);
    await expect(stores.documents('acme')).resolves.toEqual(expected('acme'));
    await expect(stores.infrastructure.parked.count('projection:ledger:g1')).resolves.toBe(1);
  });

  it('refuses, touching nothing, while another instance holds partition leases', async () => {
    const first = stores.instance();
    await deposit('acme', 'a-1', 5);
    await first.start();
    await caughtUp(first);
    const runtime = first.shared.get(LedgerProjection).runtime;
    await pollUntil(
      () => runtime.status(),
      (status) => status.active?.partitions.every((p) => p.leaseHeld) === true,
      5_000,
    );
    const second = stores.instance();
    await second.start();
    await corrupt('acme', 'a-bogus');
    const before = await stores.documents('acme');

    await expect(
      second.rebuildTenant('ledger', { tenantId: 'acme', leaseWaitMs: 100 }),
    ).rejects.toMatchObject({ code: 'PROCESSOR_STATE' });
    await expect(stores.documents('acme')).resolves.toEqual(before);
  });

  it('works through ProjectionsService without storage targets', async () => {
    const eventStore = new InMemoryEventStore();
    const moduleRef = await bootRouted({ store: 'memory' }, { eventStore });
    try {
      await depositIn(eventStore, 'acme', 'a-1', 1, 2);
      const { streamVersion } = await depositIn(eventStore, 'globex', 'a-1', 3);
      const service = moduleRef.get(ProjectionsService);
      await service.waitFor('balances', { streamId: 'a-1', version: streamVersion });
      const result = await service.rebuild('balances', { tenantId: 'acme' });
      expect(result).toMatchObject({ mode: 'documents', target: 'shared', replayed: 2 });
      await expect(readBalance(moduleRef, undefined, 'acme', 'a-1')).resolves.toEqual({
        id: 'a-1',
        balance: 3,
        deposits: 2,
      });
      await expect(readBalance(moduleRef, undefined, 'globex', 'a-1')).resolves.toMatchObject({
        balance: 3,
        deposits: 1,
      });
    } finally {
      await moduleRef.close();
    }
  });
});
