// A job worker in a process of its own, for the crash test (JobWorkerChild in
// job-worker-child.fixture.ts starts it). Runs on the built library (`libs/sagas/dist`): a
// PostgresJobQueue and a JobWorker whose handler of `crash.hang` reports `started` and never
// finishes, so the test can kill the process in the middle of a job.
//
//   node job-worker-instance.fixture.mjs '{"databaseUrl","schema","workerId","leaseMs"}'
//
// Reports on stdout, one JSON object a line: `ready`, `started` (job id, attempt), `log`. The end
// of stdin ends the process.
import { createInterface } from 'node:readline';
import { JobWorker } from '../../dist/jobs/job.worker.js';
import { PostgresJobQueue } from '../../dist/jobs/postgres-job-queue.js';
import { emit, openChildOrm, reportingLogger } from '../../../../.ci/jest/child-support.mjs';

const config = JSON.parse(process.argv[2]);
const orm = await openChildOrm({
  databaseUrl: config.databaseUrl,
  applicationName: config.workerId,
  poolMax: 4,
});
const queue = new PostgresJobQueue(orm.em, { schema: config.schema });
const handlers = new Map([
  [
    'crash.hang',
    {
      handle: (_payload, job) => {
        emit({ kind: 'started', id: job.id, attempt: job.attempt });
        return new Promise(() => undefined);
      },
    },
  ],
]);
const worker = new JobWorker(queue, handlers, {
  workerId: config.workerId,
  leaseMs: config.leaseMs,
  pollIntervalMs: 100,
  logger: reportingLogger,
});
worker.start();
emit({ kind: 'ready' });
createInterface({ input: process.stdin }).on('close', () => process.exit(0));
