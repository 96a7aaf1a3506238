import type { UnitOfWork } from '@cqrs-ddd/core';
import { OutboxConfigurationError } from '../errors/outbox-configuration.error.js';
import type { InboxSchemaOptions } from './inbox-schema.js';

/** Settings of the `'postgres'` inbox store. */
export interface InboxPostgresOptions extends InboxSchemaOptions {
  /**
   * Create the `inbox_messages` table at start-up when missing (`migrateInbox`: idempotent,
   * safe with many instances). Off: run `migrateInbox` yourself before starting the app.
   * @default true
   */
  readonly migrate?: boolean;
}

/** Backoff between the in-process attempts of one message. */
export interface InboxRetryOptions {
  /**
   * Delay before the first retry, doubled for every further one (with jitter: each delay is
   * drawn between half and all of it).
   * @default 100
   */
  readonly initialDelayMs?: number;
  /**
   * Upper bound of a delay.
   * @default 2000
   */
  readonly maxDelayMs?: number;
}

/** Options of `InboxModule.forRoot` / `forRootAsync`. */
export interface InboxModuleOptions {
  /**
   * Where processed message ids are kept: `'postgres'` in the `inbox_messages` table on the
   * app's MikroORM (import `MikroOrmModule.forRoot(...)`), in the handlers' transaction;
   * `'memory'` in this process only (tests, demos). Required: no silent fallback to memory.
   */
  readonly store: 'postgres' | 'memory';
  /**
   * Settings of the `'postgres'` store.
   * @default { schema: 'public', migrate: true }
   */
  readonly postgres?: InboxPostgresOptions;
  /**
   * Attempts per delivery, the first included, each in a fresh unit of work; then the message
   * is dead-lettered. `@Inbox({ maxAttempts })` overrides it per handler.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * Backoff between attempts.
   * @default { initialDelayMs: 100, maxDelayMs: 2000 }
   */
  readonly retry?: InboxRetryOptions;
}

/** What `InboxInterceptor` runs with (resolved from the options at start-up). */
export interface InboxSettings {
  /** The unit of work of each attempt, enlisted with the inbox store. */
  readonly unitOfWork: UnitOfWork;
  readonly maxAttempts: number;
  readonly retry: Required<InboxRetryOptions>;
}

/** Injection token of the {@link InboxSettings}. */
export const INBOX_SETTINGS = Symbol('cqrs-ddd:INBOX_SETTINGS');

/** Applies the documented defaults and checks the values. */
export function resolveInboxSettings(
  options: InboxModuleOptions,
  unitOfWork: UnitOfWork,
): InboxSettings {
  const maxAttempts = assertMaxAttempts(options.maxAttempts ?? 5, 'maxAttempts');
  const retry = { initialDelayMs: 100, maxDelayMs: 2_000, ...options.retry };
  for (const [name, value] of Object.entries(retry)) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new OutboxConfigurationError(`inbox retry.${name} must be a number >= 0, got ${value}`);
    }
  }
  return { unitOfWork, maxAttempts, retry };
}

/** Returns `value` when it is an integer >= 1; throws `OutboxConfigurationError` otherwise. */
export function assertMaxAttempts(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new OutboxConfigurationError(`inbox ${name} must be an integer >= 1, got ${value}`);
  }
  return value;
}
