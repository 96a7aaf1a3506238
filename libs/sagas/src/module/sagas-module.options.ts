import type { ProcessorRunOptions } from '@cqrs-ddd/projections';
import type { CommandRegistration } from '../commands/command-type.registry.js';
import type { AnySagaDefinition } from '../saga/saga-definition.js';

/** Options of `SagasModule.forRoot` / what `forRootAsync`'s factory returns. */
export interface SagasModuleOptions {
  /** Sagas in builder form (class-form sagas, `@Saga()` providers, are discovered). @default [] */
  readonly sagas?: readonly AnySagaDefinition[];
  /**
   * Command classes the sagas send, registered with the `CommandTypeRegistry` (commands the
   * scheduling module registers already need not be repeated). @default []
   */
  readonly commands?: readonly CommandRegistration[];
  /** PostgreSQL settings (the app's MikroORM). */
  readonly postgres?: {
    /** Schema of the saga tables and of the sagas' checkpoints and leases. @default 'public' */
    readonly schema?: string;
    /** Create the tables at start-up when missing. @default true */
    readonly migrate?: boolean;
    /** Role the application connects as, granted access to the saga tables. @default none */
    readonly appRole?: string;
  };
  /** Roles of the saga principal (`saga:<name>`, auth method `system`) commands run as. @default [] */
  readonly roles?: readonly string[];
  /** Run options of every saga's processor. @default batches of 100, 5 attempts before parking */
  readonly run?: Omit<ProcessorRunOptions, 'unitOfWork' | 'partitions'>;
  /** The command dispatcher. */
  readonly dispatcher?: {
    /** How often to look for pending commands when not woken, in ms. @default 500 */
    readonly pollIntervalMs?: number;
    /** Commands dispatched per round. @default 100 */
    readonly batchSize?: number;
  };
  /** Start the sagas' processors and the dispatcher with the application. @default true */
  readonly autoStart?: boolean;
}
