import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { runInContext } from '@cqrs-ddd/core';
import { pollUntil, uniqueName } from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ensureLibsBuilt } from '../../../../.ci/jest/libs-build.js';
import { ReportingChild } from '../../../../.ci/jest/reporting-child.js';
import { migrateScheduling } from '../scheduling/scheduling-schema.js';
import { JobAdminService } from './job-admin.service.js';
import { JOB_CHILD_PROJECTS, JobWorkerChild } from './job-worker-child.fixture.js';
import { JobWorker } from './job.worker.js';
import type { JobExecution, JobHandlerInstance } from './job.types.js';
import { PostgresJobQueue } from './postgres-job-queue.js';

const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };

describe('PostgresJobQueue with JobWorker', () => {
  const schema = uniqueName('jobs');
  let orm: MikroORM;
  let queue: PostgresJobQueue;
  let admin: JobAdminService;
  const workers: JobWorker[] = [];
  const worker = (handlers: Record<string, JobHandlerInstance['handle']>, leaseMs = 1_000) => {
    const map = new Map(Object.entries(handlers).map(([name, handle]) => [name, { handle }]));
    const created = new JobWorker(queue, map, {
      leaseMs,
      pollIntervalMs: 50,
      sweepIntervalMs: 100,
      logger: quiet,
    });
    workers.push(created);
    return created;
  };

  beforeAll(async () => {
    orm = await createTestOrm();
    await migrateScheduling(orm.em.getConnection(), { schema });
    queue = new PostgresJobQueue(orm.em, { schema });
    admin = new JobAdminService(queue);
    await ensureLibsBuilt(JOB_CHILD_PROJECTS);
  }, 180_000);
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await ReportingChild.killAll();
  });
  afterAll(async () => {
    await orm.em.getConnection().execute(`DROP SCHEMA "${schema}" CASCADE`);
    await orm.close();
  });

  it('retries a failing job with backoff, then marks it failed after maxAttempts', async () => {
    const seen: number[] = [];
    const id = await queue.enqueue(
      'flaky',
      { n: 1 },
      {
        maxAttempts: 3,
        backoff: { initialDelayMs: 100, maxDelayMs: 200 },
      },
    );
    worker({
      flaky: (_payload, job) => {
        seen.push(job.attempt);
        throw new Error(`attempt ${job.attempt} failed`);
      },
    }).start();
    const job = await pollUntil(
      () => admin.get(id),
      (j) => j.status === 'failed',
      10_000,
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(job).toMatchObject({ status: 'failed', attempts: 3, lastError: 'attempt 3 failed' });
    expect(job.finishedAt).toBeInstanceOf(Date);
  });

  it('aborts an attempt that runs past its timeout and counts it as failed', async () => {
    let aborted: unknown;
    const id = await queue.enqueue('slow', null, { maxAttempts: 1, timeoutMs: 200 });
    worker({
      slow: (_payload, job: JobExecution) =>
        new Promise((resolve) => {
          job.signal.addEventListener('abort', () => {
            aborted = job.signal.reason;
            setTimeout(resolve, 300);
          });
        }),
    }).start();
    const job = await pollUntil(
      () => admin.get(id),
      (j) => j.status === 'failed',
      10_000,
    );
    expect(job.lastError).toMatch(/^JOB_TIMEOUT: Job .* did not finish within 200 ms/);
    expect(aborted).toMatchObject({ code: 'JOB_TIMEOUT' });
  });

  it('admin: lists, cancels, retries and counts jobs; deduplicates by key per tenant', async () => {
    const asTenant = (tenantId: string, fn: () => Promise<string>) =>
      runInContext({ tenantId }, fn);
    const later = new Date(Date.now() + 60_000);
    const a = await asTenant('acme', () =>
      queue.enqueue('report', { r: 1 }, { key: 'r', runAt: later }),
    );
    await expect(
      asTenant('acme', () => queue.enqueue('report', { r: 2 }, { key: 'r', runAt: later })),
    ).resolves.toBe(a);
    const b = await asTenant('globex', () =>
      queue.enqueue('report', { r: 3 }, { key: 'r', runAt: later }),
    );
    expect(b).not.toBe(a);
    await expect(admin.list({ name: 'report', status: 'pending' })).resolves.toEqual([
      expect.objectContaining({ id: b, tenantId: 'globex', payload: { r: 3 } }),
      expect.objectContaining({ id: a, tenantId: 'acme', payload: { r: 1 } }),
    ]);
    await expect(admin.cancel(a)).resolves.toMatchObject({ status: 'cancelled' });
    await expect(admin.cancel(a)).rejects.toMatchObject({ code: 'JOB_STATE_CONFLICT' });
    await expect(admin.retry(b)).rejects.toMatchObject({ code: 'JOB_STATE_CONFLICT' });
    await expect(admin.get('missing')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
    const retried = await admin.retry(a);
    expect(retried).toMatchObject({ status: 'pending', attempts: 0 });
    expect(retried.runAt.getTime()).toBeLessThanOrEqual(Date.now());
    await expect(admin.stats()).resolves.toMatchObject({
      report: { pending: 2, running: 0, succeeded: 0, failed: 0, cancelled: 0 },
    });

    // Inside a tenant's context the admin sees that tenant's jobs only.
    await runInContext({ tenantId: 'acme' }, async () => {
      const listed = await admin.list({ name: 'report' });
      expect(listed.map((job) => job.id)).toEqual([a]);
      await expect(admin.get(b)).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
      await expect(admin.cancel(b)).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
      await expect(admin.stats()).resolves.toMatchObject({ report: { pending: 1 } });
    });
    await expect(admin.get(b)).resolves.toMatchObject({ status: 'pending' });
  });

  it('retries a job whose worker process was killed, on another worker', async () => {
    const child = JobWorkerChild.start({ schema, workerId: 'doomed-worker', leaseMs: 1_000 });
    await child.waitFor((m) => m.kind === 'ready', { timeoutMs: 30_000 });
    const id = await queue.enqueue('crash.hang', { order: 7 }, { maxAttempts: 3 });
    const started = await child.waitFor((m) => m.kind === 'started');
    expect(started).toMatchObject({ id, attempt: 1 });
    await expect(admin.get(id)).resolves.toMatchObject({
      status: 'running',
      lockedBy: 'doomed-worker',
    });
    await child.kill();

    const attempts: number[] = [];
    worker({
      'crash.hang': (payload, job) => {
        attempts.push(job.attempt);
        expect(payload).toEqual({ order: 7 });
      },
    }).start();
    const job = await pollUntil(
      () => admin.get(id),
      (j) => j.status === 'succeeded',
      15_000,
    );
    expect(attempts).toEqual([2]);
    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(job.lockedBy).toBeUndefined();
  }, 60_000);
});
