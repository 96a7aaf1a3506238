import type { LoggerService, LogLevel } from '@nestjs/common';
import type { CliWritable } from '../output/cli-streams.js';

/** Options of `runCli`. */
export interface RunCliOptions {
  /** The command line, without the node binary and script. @default process.argv.slice(2) */
  readonly argv?: readonly string[];
  /** Where results go. @default process.stdout */
  readonly stdout?: CliWritable;
  /** Where errors and notes go. @default process.stderr */
  readonly stderr?: CliWritable;
  /** Program name in help and usage texts. @default 'cqrs-ddd' */
  readonly name?: string;
  /**
   * The application's logger (its start-up and shutdown messages): a Nest logger, log levels of a
   * console logger writing to stderr, or `false`. @default ['error', 'warn'] on stderr
   */
  readonly logger?: LoggerService | LogLevel[] | false;
}
