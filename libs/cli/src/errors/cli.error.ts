import { CqrsDddError } from '@cqrs-ddd/core';

/**
 * Base class of the errors thrown by `@cqrs-ddd/cli`. Each carries the process exit code it
 * ends the CLI with (see `CLI_EXIT_CODES`); branch on `code`.
 */
export abstract class CliError extends CqrsDddError {
  /** Exit code of the CLI when this error ends a command. */
  abstract readonly exitCode: number;
}

/** True when `error` is any {@link CliError}. */
export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}
