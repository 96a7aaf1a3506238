import { hasErrorCode } from '@cqrs-ddd/core';
import { CLI_EXIT_CODES } from '../run/cli-exit-codes.js';
import { CliError } from './cli.error.js';

/** The application lacks the module a command needs (e.g. `outbox status` without an outbox). Exit code 4. */
export class CliFeatureMissingError extends CliError {
  static readonly CODE = 'CLI_FEATURE_MISSING';
  readonly code = CliFeatureMissingError.CODE;
  readonly exitCode = CLI_EXIT_CODES.notConfigured;

  constructor(
    /** What the command needed, e.g. `the outbox`. */
    readonly feature: string,
    /** How to add it, e.g. `import OutboxModule.forRoot(...)`. */
    hint: string,
  ) {
    super(`This application has no ${feature}: ${hint}.`);
  }
}

/** True when `error` is a {@link CliFeatureMissingError}. */
export function isCliFeatureMissingError(error: unknown): error is CliFeatureMissingError {
  return hasErrorCode(error, CliFeatureMissingError.CODE);
}
