/**
 * Lock round trips: acquire + release pairs per second for `RedisLockStrategy` (one server),
 * `RedisFairLockStrategy` (one server) and `RedlockStrategy` (three servers), each next to its
 * baseline in the same run: raw `SET key value NX PX` + `DEL` on the same server(s) (for
 * Redlock, on the three servers in parallel, as Redlock talks to them). The Redis servers are
 * local `redis-server` child processes started for the run, so nothing else loads them.
 *
 * The strategies do more per pair than the raw commands — one Lua script per step with the
 * fencing counter, re-entrancy hold count and the owner check on release; Redlock adds a
 * second (fencing) round trip per acquisition — so the ratio is the price of those guarantees.
 * Rows with 8 workers run 8 sequential loops at once on distinct resources.
 */
import { randomUUID } from 'node:crypto';
import type { LockStrategy } from '@cqrs-ddd/core';
import { RedisFairLockStrategy, RedisLockStrategy, RedlockStrategy } from '@cqrs-ddd/redis';
import type { Redis } from 'ioredis';
import { formatOps, measureRounds, printTable, type Variant } from '../measure.js';
import { startRedisProcesses } from './redis-processes.js';

const OPERATIONS = 4_000;
const WARMUP = 1_000;
const ROUNDS = 5;
const TTL_MS = 10_000;

/** `workers` loops of acquire + release pairs, each loop on its own resource. */
function loops(name: string, workers: number, pair: (resource: string) => Promise<void>): Variant {
  const resources = Array.from({ length: workers }, () => `bench-${randomUUID()}`);
  return {
    name,
    runBatch: async (pairs) => {
      const perWorker = Math.ceil(pairs / workers);
      await Promise.all(
        resources.map(async (resource) => {
          for (let index = 0; index < perWorker; index += 1) await pair(resource);
        }),
      );
    },
  };
}

function rawPair(clients: readonly Redis[]): (resource: string) => Promise<void> {
  return async (resource) => {
    const owner = randomUUID();
    const taken = await Promise.all(
      clients.map((client) => client.set(`raw:${resource}`, owner, 'PX', TTL_MS, 'NX')),
    );
    if (taken.some((reply) => reply !== 'OK')) throw new Error('raw SET NX refused');
    await Promise.all(clients.map((client) => client.del(`raw:${resource}`)));
  };
}

function lockPair(locks: LockStrategy): (resource: string) => Promise<void> {
  return async (resource) => {
    const lock = await locks.tryAcquire(resource, { ttlMs: TTL_MS });
    if (!lock) throw new Error(`lock on ${resource} refused`);
    await lock.release();
  };
}

/** Runs the benchmark and prints its table. */
export async function run(): Promise<void> {
  const servers = await startRedisProcesses(3);
  try {
    const single = servers.clients.slice(0, 1);
    const shapes = [1, 8].flatMap((workers) => [
      {
        workers,
        baseline: loops(`raw SET NX PX + DEL, 1 server`, workers, rawPair(single)),
        locks: [
          loops('RedisLockStrategy', workers, lockPair(new RedisLockStrategy(single[0]!))),
          loops('RedisFairLockStrategy', workers, lockPair(new RedisFairLockStrategy(single[0]!))),
        ],
      },
      {
        workers,
        baseline: loops(`raw SET NX PX + DEL, 3 servers`, workers, rawPair(servers.clients)),
        locks: [
          loops(
            'RedlockStrategy (3 servers)',
            workers,
            lockPair(new RedlockStrategy(servers.clients)),
          ),
        ],
      },
    ]);
    const rows: string[][] = [];
    for (const shape of shapes) {
      const results = await measureRounds([shape.baseline, ...shape.locks], {
        operations: OPERATIONS,
        warmup: WARMUP,
        rounds: ROUNDS,
      });
      const baseline = results[0]!.medianOpsPerSecond;
      for (const result of results) {
        rows.push([
          String(shape.workers),
          result.name,
          formatOps(result.medianOpsPerSecond),
          (result.medianOpsPerSecond / baseline).toFixed(2),
        ]);
      }
    }
    console.log(
      `\nLock acquire + release pairs/s (median of ${ROUNDS} rounds of ${OPERATIONS} pairs; ratio to the raw baseline above it)\n`,
    );
    printTable(['workers', 'variant', 'pairs/s', 'ratio'], rows);
  } finally {
    await servers.stop();
  }
}
