// Test fixture (not part of the public API): a Nest app with the real pipeline (MikroORM unit of
// work), SchedulingModule on PostgreSQL, a command writing an effect row in its transaction and
// a job handler recording what it saw.
import { CqrsDddModule, currentRequestContext } from '@cqrs-ddd/core';
import { MikroOrmUnitOfWork } from '@cqrs-ddd/event-store';
import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import { EntityManager } from '@mikro-orm/postgresql';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { JobHandler } from '../../jobs/job-handler.decorator.js';
import type { JobExecution, JobHandlerInstance } from '../../jobs/job.types.js';
import { SchedulingModule } from './scheduling.module.js';

/** Writes one effect row; with `fail`, throws after writing it. */
export class RecordEffect {
  static readonly type = 'test.record-effect';
  constructor(
    readonly label: string,
    readonly fail = false,
  ) {}
}

/** One row of `<schema>.effects`. */
export interface EffectRow {
  readonly label: string;
  readonly app: string;
  readonly tenant_id: string | null;
  readonly principal_id: string | null;
  readonly correlation_id: string | null;
  readonly causation_id: string | null;
  readonly in_unit: boolean;
  readonly at: Date;
}

class FixtureSettings {
  constructor(
    readonly app: string,
    readonly schema: string,
  ) {}
}

@CommandHandler(RecordEffect)
class RecordEffectHandler implements ICommandHandler<RecordEffect> {
  constructor(
    private readonly em: EntityManager,
    private readonly unitOfWork: MikroOrmUnitOfWork,
    private readonly settings: FixtureSettings,
  ) {}

  async execute({ label, fail }: RecordEffect): Promise<void> {
    const context = currentRequestContext();
    await this.em.getConnection().execute(
      `INSERT INTO "${this.settings.schema}".effects
         (label, app, tenant_id, principal_id, correlation_id, causation_id, in_unit, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, clock_timestamp())`,
      [
        label,
        this.settings.app,
        context?.tenantId ?? null,
        context?.principal?.id ?? null,
        context?.correlationId ?? null,
        context?.causationId ?? null,
        this.unitOfWork.isActive(),
      ],
      'run',
      this.em.getTransactionContext(),
    );
    if (fail) throw new Error(`${label} refused`);
  }
}

/** What the test's job handler saw, per run. */
export const jobRuns: { payload: unknown; job: Omit<JobExecution, 'signal'>; tenantId?: string }[] =
  [];

@JobHandler('test.echo')
class EchoJob implements JobHandlerInstance {
  handle(payload: unknown, job: JobExecution): void {
    const { signal: _signal, ...rest } = job;
    jobRuns.push({ payload, job: rest, tenantId: currentRequestContext()?.tenantId });
    if ((payload as { fail?: boolean } | null)?.fail) throw new Error('echo failed');
  }
}

/** Creates the effects table in `schema`. */
export async function createEffectsTable(em: EntityManager, schema: string): Promise<void> {
  await em.getConnection().execute(`
    CREATE SCHEMA IF NOT EXISTS "${schema}";
    CREATE TABLE "${schema}".effects (
      label text NOT NULL, app text NOT NULL, tenant_id text, principal_id text,
      correlation_id text, causation_id text, in_unit boolean NOT NULL, at timestamptz NOT NULL
    )`);
}

/** Boots app `app` with scheduling on `schema` (workers polling every 100 ms). */
export async function bootSchedulingApp(
  app: string,
  schema: string,
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      testMikroOrmModule({ pool: { min: 0, max: 6 } }),
      CqrsDddModule.forRootAsync({
        inject: [EntityManager],
        useFactory: (em: EntityManager) => ({ unitOfWork: new MikroOrmUnitOfWork(em) }),
      }),
      SchedulingModule.forRoot({
        store: 'postgres',
        postgres: { schema },
        commands: [RecordEffect],
        worker: { pollIntervalMs: 100, retry: { initialDelayMs: 100, maxDelayMs: 200 } },
        jobs: { pollIntervalMs: 100, leaseMs: 1_000 },
      }),
    ],
    providers: [
      RecordEffectHandler,
      EchoJob,
      { provide: FixtureSettings, useValue: new FixtureSettings(app, schema) },
      {
        provide: MikroOrmUnitOfWork,
        inject: [EntityManager],
        useFactory: (em: EntityManager) => new MikroOrmUnitOfWork(em),
      },
    ],
  }).compile();
  return moduleRef.init();
}
