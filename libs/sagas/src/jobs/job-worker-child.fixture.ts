import { fileURLToPath } from 'node:url';
import { ReportingChild } from '../../../../.ci/jest/reporting-child.js';

const SCRIPT = fileURLToPath(new URL('./job-worker-instance.fixture.mjs', import.meta.url));

/** The library the child runs on: build it with `ensureLibsBuilt(JOB_CHILD_PROJECTS)`. */
export const JOB_CHILD_PROJECTS = ['libs/sagas/tsconfig.lib.json'];

/** A line the child printed. */
export interface JobChildMessage {
  readonly kind: 'ready' | 'started' | 'log';
  readonly id?: string;
  readonly attempt?: number;
  readonly message?: string;
}

/** A `JobWorker` on PostgreSQL in a child process, whose `crash.hang` jobs never finish. */
export class JobWorkerChild extends ReportingChild<JobChildMessage> {
  private constructor(config: { schema: string; workerId: string; leaseMs: number }) {
    super(
      SCRIPT,
      [JSON.stringify({ databaseUrl: process.env.DATABASE_URL!, ...config })],
      config.workerId,
    );
  }

  /** Starts a worker `workerId` on the jobs table of `schema`. */
  static start(config: { schema: string; workerId: string; leaseMs: number }): JobWorkerChild {
    return new JobWorkerChild(config);
  }
}
