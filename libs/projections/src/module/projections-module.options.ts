import type { ProcessorRunOptions } from '../processor/processor.options.js';

/**
 * Where read models and their checkpoints live:
 * - `'postgres'`: JSONB documents in PostgreSQL (the app's MikroORM), each batch's writes and
 *   its checkpoint committed in one transaction (exactly-once effect);
 * - `'mongo'`: MongoDB through `@nestjs/mongoose` (`MongooseModule.forRoot(...)` in the app),
 *   writes idempotent by log position, the checkpoint in the same database;
 * - `'memory'`: this process only (rebuilt from the log at every start, with its checkpoints).
 */
export type ReadModelStoreDriver = 'postgres' | 'mongo' | 'memory';

/**
 * Where leases, parked events and projection generations live: `'postgres'` (shared by every
 * instance; needs the app's MikroORM) or `'memory'` (a single process).
 */
export type ProcessorCoordinationDriver = 'postgres' | 'memory';

/** Options of `ProjectionsModule.forRoot`. */
export interface ProjectionsModuleOptions {
  /** Storage of read models and checkpoints. */
  readonly store: ReadModelStoreDriver;
  /**
   * Storage of leases, parked events and generations.
   * @default 'memory' with the `'memory'` store, else 'postgres'
   */
  readonly coordination?: ProcessorCoordinationDriver;
  /** PostgreSQL settings (store or coordination `'postgres'`). */
  readonly postgres?: {
    /** Schema of the library's tables. @default 'public' */
    readonly schema?: string;
    /** Create the tables at start-up when missing. @default true */
    readonly migrate?: boolean;
  };
  /** MongoDB settings (store `'mongo'`). */
  readonly mongo?: {
    /** Name of the `MongooseModule` connection. @default the default connection */
    readonly connectionName?: string;
    /** Prefix of the Mongo collections of read models. @default 'rm_' */
    readonly collectionPrefix?: string;
  };
  /**
   * Defaults for every projection's processor (a projection's own `@Projection` options win).
   * @default {}
   */
  readonly processor?: Omit<ProcessorRunOptions, 'unitOfWork' | 'autoStart'>;
  /** Start the projections' processors with the application. @default true */
  readonly autoStart?: boolean;
  /** Longest `waitFor` of a repository waits when no timeout is given, in ms. @default 5_000 */
  readonly waitForTimeoutMs?: number;
  /** Delay before an old generation is dropped after a rebuild switched, in ms. @default 5_000 */
  readonly dropDelayMs?: number;
  /** How often instances re-read projection generations (to follow a switch), in ms. @default 1_000 */
  readonly stateRefreshMs?: number;
}
