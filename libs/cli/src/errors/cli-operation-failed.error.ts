import { hasErrorCode } from '@cqrs-ddd/core';
import { CLI_EXIT_CODES } from '../run/cli-exit-codes.js';
import { CliError } from './cli.error.js';

/** An operation could not be done as asked (e.g. resetting a processor that is not suspended). Exit code 1. */
export class CliOperationFailedError extends CliError {
  static readonly CODE = 'CLI_OPERATION_FAILED';
  readonly code = CliOperationFailedError.CODE;
  readonly exitCode = CLI_EXIT_CODES.failed;
}

/** True when `error` is a {@link CliOperationFailedError}. */
export function isCliOperationFailedError(error: unknown): error is CliOperationFailedError {
  return hasErrorCode(error, CliOperationFailedError.CODE);
}
