// Shared by the child-process scripts of the crash and takeover tests (`*-instance.fixture.mjs`),
// which report to their parent (`ReportingChild` in reporting-child.ts) one JSON object a line.
import { MikroORM } from '@mikro-orm/postgresql';

/** Writes one report line (synchronous on pipes, so it is out before a SIGSTOP or SIGKILL). */
export function emit(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Reports `{ kind: 'frozen', ...point }`, then stops this process with SIGSTOP. */
export function freeze(point) {
  emit({ kind: 'frozen', ...point });
  process.kill(process.pid, 'SIGSTOP');
}

/** A Nest `LoggerService` that reports every line as `{ kind: 'log', level, message }`. */
export const reportingLogger = Object.fromEntries(
  ['log', 'error', 'warn', 'debug', 'verbose'].map((level) => [
    level,
    (message) => emit({ kind: 'log', level, message: String(message) }),
  ]),
);

/**
 * MikroORM on `databaseUrl` whose sessions carry `applicationName`, so the tests can find this
 * process's sessions in `pg_stat_activity`.
 */
export function openChildOrm({ databaseUrl, applicationName, poolMax }) {
  return MikroORM.init({
    clientUrl: databaseUrl,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: poolMax },
    driverOptions: { application_name: applicationName },
  });
}
