import { describe, expect, it } from '@jest/globals';
import { LockTimeoutError } from '../errors/lock-timeout.error.js';
import type { Lock } from '../ports/lock-strategy.port.js';
import { addTelemetryObserver } from '../telemetry/instrument.js';
import type {
  InstrumentationResult,
  InstrumentationScope,
} from '../telemetry/instrumented-operation.js';
import { SystemClock } from './system-clock.adapter.js';
import { waitForLock } from './lock-waiting.js';
import { ResourceWaiters } from './resource-waiters.js';

const plan = (waitMs: number) => ({
  resource: 'orders:42',
  waitMs,
  clock: new SystemClock(),
  waiters: new ResourceWaiters(),
  maxPollIntervalMs: 5,
});

describe('waitForLock telemetry', () => {
  it('reports each wait as lock.wait with its resource and outcome', async () => {
    const seen: [InstrumentationScope, InstrumentationResult][] = [];
    const remove = addTelemetryObserver({ observe: (scope, result) => seen.push([scope, result]) });
    const lock = { resource: 'orders:42' } as Lock;
    let attempts = 0;
    try {
      await expect(
        waitForLock(async () => (++attempts === 2 ? lock : null), plan(1_000)),
      ).resolves.toBe(lock);
      await expect(waitForLock(async () => null, plan(1))).rejects.toBeInstanceOf(LockTimeoutError);
    } finally {
      remove();
    }
    expect(seen.map(([scope, result]) => [scope.operation, scope.name, result.outcome])).toEqual([
      ['lock.wait', 'lock.wait', 'success'],
      ['lock.wait', 'lock.wait', 'error'],
    ]);
    expect(seen[0]![1].attributes).toEqual({ 'cqrs.lock.resource': 'orders:42' });
  });
});
