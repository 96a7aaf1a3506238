import type { SerializedCommand } from '../commands/command-type.registry.js';
import type { CapturedContext } from './captured-context.js';
import type { ScheduledCommandView } from './command-scheduler.port.js';

/** A due command, claimed by a worker. */
export interface DueScheduledCommand {
  /** Id of the schedule: the causation id of the command's execution. */
  readonly id: string;
  readonly key: string;
  readonly tenantId?: string;
  readonly command: SerializedCommand;
  /** The request context the command was scheduled in. */
  readonly context: CapturedContext;
  readonly runAt: Date;
  /** Failed runs so far (outages retried). */
  readonly attempts: number;
}

/** What {@link ScheduledCommandStore.runNextDue} did. */
export type DueCommandOutcome =
  /** Nothing was due. */
  | undefined
  /** The command ran; it is marked done with its effects. */
  | { readonly due: DueScheduledCommand; readonly error?: undefined }
  /** The run threw: its effects and the done mark were rolled back; the row is pending again. */
  | { readonly due: DueScheduledCommand; readonly error: unknown };

/**
 * Storage side of a scheduler, as its worker sees it. Every {@link CommandScheduler} adapter of
 * this library implements it, so one {@link ScheduledCommandWorker} runs them all.
 */
export interface ScheduledCommandStore {
  /**
   * Claims the earliest command due at `now` that no other worker holds and, in one
   * transaction, marks it done and awaits `run(due)`: both commit together, or — when `run`
   * throws — both roll back and the claim is released.
   */
  runNextDue(
    now: Date,
    run: (due: DueScheduledCommand) => Promise<void>,
  ): Promise<DueCommandOutcome>;
  /** Records a final failure of the pending schedule `id`: `failed`, with `error`. */
  markFailed(id: string, error: string, now: Date): Promise<void>;
  /** Records a failed attempt of the pending schedule `id` and moves it to `runAt`. */
  retryLater(id: string, error: string, runAt: Date, now: Date): Promise<void>;
  /** The latest schedule `key` of the current tenant (the pending one first), if any. */
  find(key: string): Promise<ScheduledCommandView | undefined>;
}
