/**
 * Exit codes of the CLI, for scripts:
 * - `ok` (0): done;
 * - `failed` (1): the operation failed or a check found a problem (e.g. a broken audit chain);
 * - `usage` (2): unknown command or option, missing or malformed argument;
 * - `notFound` (3): unknown projection, processor, tenant or parked event;
 * - `notConfigured` (4): the application does not have the feature (e.g. no outbox).
 */
export const CLI_EXIT_CODES = Object.freeze({
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  notConfigured: 4,
} as const);

/** One of {@link CLI_EXIT_CODES}. */
export type CliExitCode = (typeof CLI_EXIT_CODES)[keyof typeof CLI_EXIT_CODES];
