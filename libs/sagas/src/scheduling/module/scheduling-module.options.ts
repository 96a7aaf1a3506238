import type { CommandRegistration } from '../../commands/command-type.registry.js';

/** Options of `SchedulingModule.forRoot` / `forRootAsync`. */
export interface SchedulingModuleOptions {
  /**
   * Where schedules and jobs are stored: PostgreSQL through the app's MikroORM
   * (`MikroOrmModule`), or this process's memory (tests, single-process embedded use).
   */
  readonly store: 'postgres' | 'memory';
  /** PostgreSQL settings (`store: 'postgres'`). @default {} */
  readonly postgres?: {
    /** Schema of the `scheduled_commands` and `jobs` tables. @default 'public' */
    readonly schema?: string;
    /** Create the tables at start-up when missing (`migrateScheduling`). @default true */
    readonly migrate?: boolean;
    /** Role the app connects as, granted what it needs by the migration. @default undefined */
    readonly appRole?: string;
  };
  /** Command classes that may be scheduled (each with a `static readonly type`). */
  readonly commands: readonly CommandRegistration[];
  /** The scheduled-command worker. @default {} */
  readonly worker?: {
    /** Pause between polls when nothing was due. @default 1000 */
    readonly pollIntervalMs?: number;
    /** Commands run per poll. @default 20 */
    readonly batchSize?: number;
    /** Backoff of commands retried after an outage. @default { initialDelayMs: 1000, maxDelayMs: 60000 } */
    readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
    /** Start it when the app starts (else call `ScheduledCommandWorker.start()`). @default true */
    readonly autoStart?: boolean;
  };
  /** The background-job worker. @default {} */
  readonly jobs?: {
    /** Jobs run at once by this instance. @default 4 */
    readonly concurrency?: number;
    /** Lease of a running job, renewed every third of it. @default 30000 */
    readonly leaseMs?: number;
    /** Pause between sweeps of expired leases. @default leaseMs */
    readonly sweepIntervalMs?: number;
    /** Pause between polls when nothing was due. @default 1000 */
    readonly pollIntervalMs?: number;
    /** Start it when the app starts (else call `JobWorker.start()`). @default true */
    readonly autoStart?: boolean;
  };
}
