import { hasErrorCode } from '@cqrs-ddd/core';
import { CLI_EXIT_CODES } from '../run/cli-exit-codes.js';
import { CliError } from './cli.error.js';

/** A command was called with a missing or malformed argument. Exit code 2. */
export class CliUsageError extends CliError {
  static readonly CODE = 'CLI_USAGE';
  readonly code = CliUsageError.CODE;
  readonly exitCode = CLI_EXIT_CODES.usage;
}

/** True when `error` is a {@link CliUsageError}. */
export function isCliUsageError(error: unknown): error is CliUsageError {
  return hasErrorCode(error, CliUsageError.CODE);
}
