import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeLockStrategyContract } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  createProjectionsTestSchema,
  type ProjectionsTestSchema,
} from '../testing/projections-test-schema.js';
import { PostgresLockStrategy } from './postgres-lock.strategy.js';
import { projectionsTables } from './projections-schema.js';

describe('PostgresLockStrategy (integration)', () => {
  let orm: MikroORM;
  let otherOrm: MikroORM;
  let shared: ProjectionsTestSchema;
  beforeAll(async () => {
    orm = await createTestOrm();
    otherOrm = await createTestOrm();
    shared = await createProjectionsTestSchema(orm);
  });
  afterAll(async () => {
    await shared.drop();
    await Promise.all([orm.close(), otherOrm.close()]);
  });

  // No advanceTime: leases expire on the database clock, so the contract runs on real time.
  describeLockStrategyContract('PostgresLockStrategy', async () => {
    const { schema, drop } = await createProjectionsTestSchema(orm);
    return { adapter: new PostgresLockStrategy(orm.em, { schema }), dispose: drop };
  });

  const strategies = () =>
    [orm, otherOrm].map((each) => new PostgresLockStrategy(each.em, { schema: shared.schema }));

  it('excludes each other across instances on separate ORMs, with increasing tokens', async () => {
    let counter = 0;
    let active = 0;
    let maxActive = 0;
    const tokens: number[] = [];
    await Promise.all(
      strategies().flatMap((locks) =>
        Array.from({ length: 8 }, () =>
          locks.runExclusive(
            'competed',
            async (lock) => {
              active += 1;
              maxActive = Math.max(maxActive, active);
              tokens.push(lock.token);
              const read = counter;
              await new Promise((resolve) => setTimeout(resolve, 2));
              counter = read + 1;
              active -= 1;
            },
            { ttlMs: 10_000, waitMs: 20_000 },
          ),
        ),
      ),
    );
    expect(counter).toBe(16);
    expect(maxActive).toBe(1);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(new Set(tokens).size).toBe(16);
  });

  it('hands a lease released by one instance to a waiter of the other', async () => {
    const [a, b] = strategies();
    const held = await a!.tryAcquire('handed-over', { ttlMs: 10_000 });
    const waiting = b!.acquire('handed-over', { ttlMs: 10_000, waitMs: 10_000 });
    await expect(b!.tryAcquire('handed-over', { ttlMs: 10_000 })).resolves.toBeNull();
    await held!.release();
    const taken = await waiting;
    expect(taken.token).toBeGreaterThan(held!.token);
  });

  it('commits a lease at once, even when taken inside a transaction that rolls back', async () => {
    const [a, b] = strategies();
    await expect(
      orm.em.transactional(async () => {
        await a!.tryAcquire('outside-tx', { ttlMs: 10_000, sessionId: 'tx-owner' });
        await expect(b!.tryAcquire('outside-tx', { ttlMs: 10_000 })).resolves.toBeNull();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await expect(b!.tryAcquire('outside-tx', { ttlMs: 10_000 })).resolves.toBeNull();
  });

  it('computes expiries on the database clock', async () => {
    const [a] = strategies();
    const dbNow = async () => {
      const rows = await orm.em.execute<{ now: Date }[]>('SELECT clock_timestamp() AS now');
      return new Date(rows[0]!.now).getTime();
    };
    const before = await dbNow();
    const lock = await a!.tryAcquire('db-clock', { ttlMs: 60_000 });
    const after = await dbNow();
    expect(lock!.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(lock!.expiresAt.getTime()).toBeLessThanOrEqual(after + 60_000);
  });

  it('keeps the lease alive while runExclusive runs past its ttl', async () => {
    const [a, b] = strategies();
    const ttlMs = 400;
    const aborted = await a!.runExclusive(
      'kept-alive',
      async (_lock, signal) => {
        await new Promise((resolve) => setTimeout(resolve, ttlMs * 2.5));
        await expect(b!.tryAcquire('kept-alive', { ttlMs })).resolves.toBeNull();
        return signal.aborted;
      },
      { ttlMs },
    );
    expect(aborted).toBe(false);
    await expect(b!.tryAcquire('kept-alive', { ttlMs })).resolves.not.toBeNull();
  });

  it('rejects a maxPollIntervalMs below 1 ms', () => {
    expect(
      () => new PostgresLockStrategy(orm.em, { schema: shared.schema, maxPollIntervalMs: 0 }),
    ).toThrow(expect.objectContaining({ code: 'PROJECTIONS_CONFIGURATION' }));
  });

  it('aborts the runExclusive signal with LOCK_NOT_HELD when the lease is lost', async () => {
    const [a] = strategies();
    const { leases } = projectionsTables({ schema: shared.schema });
    const reason = await a!.runExclusive(
      'lost',
      async (_lock, signal) => {
        await orm.em.execute(`UPDATE ${leases} SET token = token + 1 WHERE resource = 'lost'`);
        return new Promise<unknown>((resolve) => {
          signal.addEventListener('abort', () => resolve(signal.reason), { once: true });
        });
      },
      { ttlMs: 150 },
    );
    expect(reason).toMatchObject({ code: 'LOCK_NOT_HELD', resource: 'lost' });
  });
});
