import { describe, expect, it } from '@jest/globals';
import { runInContext } from '@cqrs-ddd/core';
import { FakeClock, pollUntil } from '@cqrs-ddd/core/testing';
import { JobAdminService } from './job-admin.service.js';
import { JobWorker } from './job.worker.js';
import { InMemoryJobQueue } from './in-memory-job-queue.js';

const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };

describe('InMemoryJobQueue with JobWorker', () => {
  const setup = () => {
    const clock = new FakeClock();
    const queue = new InMemoryJobQueue({ clock });
    return { clock, queue, admin: new JobAdminService(queue, clock) };
  };

  it('runs a due job in its enqueuing context and marks it succeeded', async () => {
    const { clock, queue, admin } = setup();
    const seen: unknown[] = [];
    const worker = new JobWorker(
      queue,
      new Map([['greet', { handle: (payload: unknown) => seen.push(payload) }]]),
      { clock, logger: quiet },
    );
    const id = await runInContext({ tenantId: 'acme' }, () =>
      queue.enqueue('greet', { to: 'ann' }, { runAt: new Date(clock.now().getTime() + 1_000) }),
    );
    await expect(worker.claimAndStart()).resolves.toBe(0);
    clock.advance(1_000);
    await expect(worker.claimAndStart()).resolves.toBe(1);
    await worker.drain();
    expect(seen).toEqual([{ to: 'ann' }]);
    await expect(admin.get(id)).resolves.toMatchObject({ status: 'succeeded', tenantId: 'acme' });
  });

  it('schedules a retry with backoff within the configured bounds', async () => {
    const { clock, queue, admin } = setup();
    const worker = new JobWorker(
      queue,
      new Map([['fail', { handle: () => Promise.reject(new Error('nope')) }]]),
      { clock, logger: quiet },
    );
    const id = await queue.enqueue('fail', null, {
      backoff: { initialDelayMs: 400, maxDelayMs: 400 },
    });
    await worker.claimAndStart();
    await worker.drain();
    const job = await admin.get(id);
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lastError: 'nope' });
    const delay = job.runAt.getTime() - clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(400);
  });

  it('sweeps running jobs whose lease expired back to pending, or failed on the last attempt', async () => {
    const { clock, queue, admin } = setup();
    const again = await queue.enqueue('lost', 1, { maxAttempts: 2 });
    const last = await queue.enqueue('lost', 2, { maxAttempts: 1 });
    await queue.claim('dead-worker', 10, 1_000, clock.now());
    await expect(queue.sweep(clock.now())).resolves.toBe(0);
    clock.advance(1_001);
    await expect(queue.sweep(clock.now())).resolves.toBe(2);
    await expect(admin.get(again)).resolves.toMatchObject({ status: 'pending', attempts: 1 });
    await expect(admin.get(last)).resolves.toMatchObject({
      status: 'failed',
      lastError: 'worker dead-worker lost the job (lease expired)',
    });
    // The dead worker's late writes change nothing.
    await expect(queue.complete(again, 'dead-worker', clock.now())).resolves.toBe(false);
  });

  it('aborts a running handler once the job is cancelled', async () => {
    const queue = new InMemoryJobQueue();
    const admin = new JobAdminService(queue);
    let signal: AbortSignal | undefined;
    const worker = new JobWorker(
      queue,
      new Map([
        [
          'long',
          {
            handle: (_payload: unknown, job: { signal: AbortSignal }) => {
              signal = job.signal;
              return new Promise((resolve) => job.signal.addEventListener('abort', resolve));
            },
          },
        ],
      ]),
      { leaseMs: 60, logger: quiet },
    );
    const id = await queue.enqueue('long', null);
    await worker.claimAndStart();
    await admin.cancel(id);
    await pollUntil(
      async () => signal?.aborted,
      (aborted) => aborted === true,
    );
    await worker.drain();
    await expect(admin.get(id)).resolves.toMatchObject({ status: 'cancelled' });
  });
});
