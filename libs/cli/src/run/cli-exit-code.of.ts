import { NotFoundError, ValidationError } from '@cqrs-ddd/core';
import { InvalidTenantIdError, UnknownTenantError } from '@cqrs-ddd/multitenancy';
import { ParkedEventNotFoundError, ProcessorNotFoundError } from '@cqrs-ddd/projections';
import { isCliError } from '../errors/cli.error.js';
import { CLI_EXIT_CODES, type CliExitCode } from './cli-exit-codes.js';

const NOT_FOUND_CODES: readonly string[] = [
  NotFoundError.CODE,
  ProcessorNotFoundError.CODE,
  ParkedEventNotFoundError.CODE,
  UnknownTenantError.CODE,
];
const USAGE_CODES: readonly string[] = [ValidationError.CODE, InvalidTenantIdError.CODE];

/**
 * The exit code a command ends with when it throws `error`: a `CliError`'s own; 0 when commander
 * only printed the help or the version; 2 for commander's parse errors (unknown command or option, missing argument) and
 * invalid input (`ValidationError`, `InvalidTenantIdError`); 3 for the suite's not-found errors;
 * 1 otherwise.
 */
export function cliExitCodeOf(error: unknown): CliExitCode {
  if (isCliError(error)) return error.exitCode as CliExitCode;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return CLI_EXIT_CODES.failed;
  if (code.startsWith('commander.')) {
    return (error as { exitCode?: unknown }).exitCode === 0
      ? CLI_EXIT_CODES.ok
      : CLI_EXIT_CODES.usage;
  }
  if (USAGE_CODES.includes(code)) return CLI_EXIT_CODES.usage;
  if (NOT_FOUND_CODES.includes(code)) return CLI_EXIT_CODES.notFound;
  return CLI_EXIT_CODES.failed;
}

/** Whether commander already printed what `error` is about (its own parse errors, help, version). */
export function isCommanderError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('commander.');
}
