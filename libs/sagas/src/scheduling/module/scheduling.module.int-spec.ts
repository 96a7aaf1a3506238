import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Principal, runInContext } from '@cqrs-ddd/core';
import { pollUntil, uniqueName } from '@cqrs-ddd/core/testing';
import { EntityManager } from '@mikro-orm/postgresql';
import type { INestApplicationContext } from '@nestjs/common';
import { JobAdminService } from '../../jobs/job-admin.service.js';
import { JobQueue } from '../../jobs/job-queue.port.js';
import { JobWorker } from '../../jobs/job.worker.js';
import { CommandScheduler } from '../command-scheduler.port.js';
import { PostgresCommandScheduler } from '../postgres-command-scheduler.js';
import { ScheduledCommandWorker } from '../scheduled-command.worker.js';
import {
  bootSchedulingApp,
  createEffectsTable,
  type EffectRow,
  jobRuns,
  RecordEffect,
} from './scheduling-app.fixture.js';

const principal: Principal = { id: 'user-7', tenantId: 'acme', roles: ['ops'], authMethod: 'jwt' };

describe('SchedulingModule on PostgreSQL, two app instances', () => {
  const schema = uniqueName('sched');
  let apps: INestApplicationContext[] = [];
  let em: EntityManager;
  const effects = () =>
    em
      .getConnection()
      .execute<EffectRow[]>(`SELECT * FROM "${schema}".effects ORDER BY label`, [], 'all');
  const asAcme = <T>(fn: () => Promise<T>) =>
    runInContext({ tenantId: 'acme', principal, correlationId: 'corr-42' }, fn);

  beforeAll(async () => {
    apps = [await bootSchedulingApp('one', schema), await bootSchedulingApp('two', schema)];
    em = apps[0]!.get(EntityManager);
    await createEffectsTable(em, schema);
  });
  afterAll(async () => {
    for (const app of apps)
      await Promise.all([app.get(ScheduledCommandWorker).stop(), app.get(JobWorker).stop()]);
    await em.getConnection().execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all(apps.map((app) => app.close()));
  });

  it('runs commands scheduled in 2 s exactly once, not before their time, in their context', async () => {
    const scheduler = apps[0]!.get(CommandScheduler);
    const scheduledAt = Date.now();
    const labels = Array.from({ length: 12 }, (_, i) => `cmd-${String(i).padStart(2, '0')}`);
    await asAcme(async () => {
      for (const label of labels)
        await scheduler.schedule(new RecordEffect(label), { delayMs: 2_000 });
    });
    const rows = await pollUntil(effects, (r) => r.length >= labels.length, 15_000);
    // Both workers are idle now: nothing is due any more, and nothing ran twice.
    for (const app of apps) {
      await expect(app.get(ScheduledCommandWorker).runOnce()).resolves.toEqual({
        done: 0,
        failed: 0,
        retried: 0,
      });
    }
    expect((await effects()).map((r) => r.label)).toEqual(labels);
    for (const row of rows) {
      expect(new Date(row.at).getTime()).toBeGreaterThanOrEqual(scheduledAt + 2_000);
      expect(row).toMatchObject({
        tenant_id: 'acme',
        principal_id: 'user-7',
        correlation_id: 'corr-42',
        in_unit: true,
      });
    }
    const ids = await em
      .getConnection()
      .execute<{ id: string }[]>(
        `SELECT id FROM "${schema}".scheduled_commands WHERE status = 'done'`,
      );
    // The schedule's id is the cause of the command's execution.
    expect(new Set(rows.map((r) => r.causation_id))).toEqual(new Set(ids.map((r) => r.id)));
  });

  it('rolls back the effect of a failing command and marks the schedule failed', async () => {
    const scheduler = apps[1]!.get(CommandScheduler) as PostgresCommandScheduler;
    const key = await asAcme(() =>
      scheduler.schedule(new RecordEffect('doomed', true), { delayMs: 0 }, { key: 'doomed' }),
    );
    const view = await pollUntil(
      () => asAcme(() => scheduler.find(key)),
      (v) => v?.status === 'failed',
      10_000,
    );
    expect(view).toMatchObject({ status: 'failed', attempts: 1, lastError: 'doomed refused' });
    expect((await effects()).filter((r) => r.label === 'doomed')).toEqual([]);
  });

  it('cancels a schedule inside a rolled-back transaction only when it commits', async () => {
    const scheduler = apps[0]!.get(CommandScheduler);
    const key = await asAcme(() =>
      scheduler.schedule(new RecordEffect('kept'), { delayMs: 60_000 }, { key: 'kept' }),
    );
    await expect(
      asAcme(() =>
        em.transactional(async () => {
          await scheduler.cancel(key);
          throw new Error('rolled back');
        }),
      ),
    ).rejects.toThrow('rolled back');
    const pg = scheduler as PostgresCommandScheduler;
    await expect(asAcme(() => pg.find(key))).resolves.toMatchObject({ status: 'pending' });
    await expect(asAcme(() => scheduler.cancel(key))).resolves.toBe(true);
    await expect(asAcme(() => pg.find(key))).resolves.toMatchObject({ status: 'cancelled' });
  });

  it('runs jobs through @JobHandler providers in the enqueuing context; admin sees them', async () => {
    const queue = apps[0]!.get(JobQueue);
    const admin = apps[1]!.get(JobAdminService);
    const id = await asAcme(() => queue.enqueue('test.echo', { n: 1 }));
    const job = await pollUntil(
      () => admin.get(id),
      (j) => j.status === 'succeeded',
      10_000,
    );
    expect(job).toMatchObject({ name: 'test.echo', tenantId: 'acme', attempts: 1 });
    expect(jobRuns.filter((run) => run.job.id === id)).toEqual([
      { payload: { n: 1 }, tenantId: 'acme', job: expect.objectContaining({ attempt: 1 }) },
    ]);
    await expect(admin.stats()).resolves.toMatchObject({ 'test.echo': { succeeded: 1 } });
  });
});
