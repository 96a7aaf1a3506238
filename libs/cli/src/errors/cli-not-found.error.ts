import { hasErrorCode } from '@cqrs-ddd/core';
import { CLI_EXIT_CODES } from '../run/cli-exit-codes.js';
import { CliError } from './cli.error.js';

/** A command named a projection, processor, tenant or event that does not exist. Exit code 3. */
export class CliNotFoundError extends CliError {
  static readonly CODE = 'CLI_NOT_FOUND';
  readonly code = CliNotFoundError.CODE;
  readonly exitCode = CLI_EXIT_CODES.notFound;
}

/** True when `error` is a {@link CliNotFoundError}. */
export function isCliNotFoundError(error: unknown): error is CliNotFoundError {
  return hasErrorCode(error, CliNotFoundError.CODE);
}
