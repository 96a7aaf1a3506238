import { LockTimeoutError } from '../errors/lock-timeout.error.js';
import type { Clock } from '../ports/clock.port.js';
import type { Lock, StopKeepAlive } from '../ports/lock-strategy.port.js';
import { instrument, isTelemetryActive } from '../telemetry/instrument.js';
import { TELEMETRY_ATTRIBUTES } from '../telemetry/instrumented-operation.js';
import type { ResourceWaiters } from './resource-waiters.js';

/** First pause of a waiting `acquire`, in ms (pauses double up to the strategy's maximum). */
const FIRST_POLL_INTERVAL_MS = 5;

/** How a waiting `acquire` retries. */
export interface LockWaitPlan {
  readonly resource: string;
  readonly waitMs: number;
  readonly clock: Clock;
  /** Woken by releases in this process, so local waiters retry at once. */
  readonly waiters: ResourceWaiters;
  /** Longest pause between two attempts, in ms. */
  readonly maxPollIntervalMs: number;
  /** Random extra pause (0..jitterMs) added to each wait, to break ties between contenders. */
  readonly jitterMs?: number;
}

/**
 * Calls `attempt` until it returns a lock or `plan.waitMs` has passed, pausing with doubling
 * intervals in between. Instrumented as `lock.wait` (span and observers' wait time).
 * @throws LockTimeoutError once the wait is over.
 */
export function waitForLock(
  attempt: () => Promise<Lock | null>,
  plan: LockWaitPlan,
): Promise<Lock> {
  if (!isTelemetryActive()) return pollForLock(attempt, plan);
  return instrument(
    {
      operation: 'lock.wait',
      name: 'lock.wait',
      attributes: { [TELEMETRY_ATTRIBUTES.lockResource]: plan.resource },
    },
    () => pollForLock(attempt, plan),
  );
}

async function pollForLock(attempt: () => Promise<Lock | null>, plan: LockWaitPlan): Promise<Lock> {
  const now = () => plan.clock.now().getTime();
  const deadline = now() + plan.waitMs;
  for (let pause = FIRST_POLL_INTERVAL_MS; ; pause = Math.min(pause * 2, plan.maxPollIntervalMs)) {
    const lock = await attempt();
    if (lock) return lock;
    const remaining = deadline - now();
    if (remaining <= 0) throw new LockTimeoutError(plan.resource, plan.waitMs);
    const jitter = plan.jitterMs ? Math.floor(Math.random() * plan.jitterMs) : 0;
    await plan.waiters.wait(plan.resource, Math.min(remaining, pause + jitter));
  }
}

/**
 * A lease-based strategy's `keepAlive` for `runExclusive`: extends the lock to `ttlMs` every
 * `ttlMs / 3` and calls `onLost` once when an extension fails (which aborts the signal of
 * `LockStrategy.runExclusive`).
 */
export function extendPeriodically(lock: Lock, ttlMs: number, onLost: () => void): StopKeepAlive {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(
      () => {
        lock.extend(ttlMs).then(
          () => {
            if (!stopped) schedule();
          },
          () => {
            if (stopped) return;
            stopped = true;
            onLost();
          },
        );
      },
      Math.max(1, Math.floor(ttlMs / 3)),
    );
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
