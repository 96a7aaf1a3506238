import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import type { CliStreams } from '../output/cli-streams.js';
import { CliLogger } from './cli.logger.js';
import { CLI_EXIT_CODES } from './cli-exit-codes.js';
import { CliRun } from './cli-run.js';
import { configureCommanderTree } from './commander-tree.js';
import type { RunCliOptions } from './run-cli.options.js';

/**
 * Runs one CLI command against the application `appModule` and resolves to the exit code (see
 * `CLI_EXIT_CODES`); the caller exits with it (`process.exitCode = await runCli(...)`).
 *
 * Boots `appModule` as an application context (no HTTP server) next to the commands; pass a
 * module that does not start the app's processors or consumers (e.g. the reference's
 * `AppModule.forRoot({ config, api: false, processor: false })`): the commands register what
 * they operate themselves. The context is closed (pools, connections) before resolving.
 *
 * nest-commander (CommonJS, requiring Nest's ES modules) and the commands are loaded on the
 * first call, once Nest is loaded, never while an ES module graph that contains Nest is still
 * being linked (a `require()` cycle Node and jest refuse).
 */
export async function runCli(
  appModule: DynamicModule | Type,
  options: RunCliOptions = {},
): Promise<number> {
  const streams: CliStreams = {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
  };
  const run = new CliRun(streams);
  const [{ CommandFactory, CommandRunnerService }, { CliModule }, { CommanderAccess }] =
    await Promise.all([
      import('nest-commander'),
      import('../module/cli.module.js'),
      import('./commander.access.js'),
    ]);
  let app: INestApplicationContext;
  try {
    app = await CommandFactory.createWithoutRunning(CliModule.forApp(appModule, run), {
      logger: options.logger ?? new CliLogger({ logLevels: ['error', 'warn'] }),
      abortOnError: false,
      serviceErrorHandler: (error) => run.fail(error),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    run.output.error(`The application did not start: ${reason}`);
    return CLI_EXIT_CODES.failed;
  }
  try {
    const { commander } = app.get(CommanderAccess);
    commander.name(options.name ?? 'cqrs-ddd');
    configureCommanderTree(commander, streams);
    const argv = options.argv ?? process.argv.slice(2);
    await app.get(CommandRunnerService).run(['node', options.name ?? 'cqrs-ddd', ...argv]);
  } finally {
    await app.close();
  }
  return run.exitCode;
}
