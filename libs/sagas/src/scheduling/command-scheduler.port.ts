/** When a scheduled command runs: at a date, or after a delay in ms from now. */
export type ScheduleTime = Date | { readonly delayMs: number };

/** Options of {@link CommandScheduler.schedule}. */
export interface ScheduleCommandOptions {
  /**
   * Identifies the schedule within the current tenant: scheduling again with a key that is still
   * pending replaces it (new command and time), and {@link CommandScheduler.cancel} takes it.
   * @default a fresh id (returned)
   */
  readonly key?: string;
}

/** A command waiting in the scheduler, as the admin side sees it. */
export interface ScheduledCommandView {
  readonly key: string;
  readonly tenantId?: string;
  /** The command's registered type name. */
  readonly commandType: string;
  readonly runAt: Date;
  readonly status: 'pending' | 'done' | 'failed' | 'cancelled';
  readonly attempts: number;
  readonly lastError?: string;
}

/**
 * Durable command scheduling: a command stored now is executed through the command bus (the
 * whole pipeline) at its time, by whichever instance's worker claims it, in the request context
 * it was scheduled in (tenant, principal, correlation id; the schedule's id as causation id).
 * At-least-once: a command whose run failed for an outage is retried.
 */
export abstract class CommandScheduler {
  /**
   * Stores `command` to run at `at`; joins the caller's transaction when one is active, so a
   * schedule made by a command handler commits (or rolls back) with it. Resolves the key.
   * @throws ValidationError for an unregistered command type or an invalid time or key.
   */
  abstract schedule(
    command: object,
    at: ScheduleTime,
    options?: ScheduleCommandOptions,
  ): Promise<string>;

  /** Cancels the pending schedule `key` of the current tenant; resolves whether one was pending. */
  abstract cancel(key: string): Promise<boolean>;
}
