import type { ProcessorCoordinationDriver } from '@cqrs-ddd/projections';
import type { OutboxPublisherDefinition } from '../relay/outbox-publisher.definition.js';

/** Options of `OutboxModule.forRoot` / `forRootAsync`. */
export interface OutboxModuleOptions {
  /** The publishers: each relays its selected events to one destination. */
  readonly publishers: readonly OutboxPublisherDefinition[];
  /**
   * Where the publishers' checkpoints, leases and parked messages live: `'postgres'` (the app's
   * MikroORM; shared by every instance, so one instance publishes per publisher and another
   * takes over when it dies) or `'memory'` (one process: tests, the embedded default).
   * @default 'postgres'
   */
  readonly coordination?: ProcessorCoordinationDriver;
  /** PostgreSQL settings of the `'postgres'` coordination. */
  readonly postgres?: {
    /** Schema of the tables. @default the connection's search path */
    readonly schema?: string;
    /** Create or update the tables at start-up. @default true */
    readonly migrate?: boolean;
  };
  /** Start relaying with the application. @default true */
  readonly autoStart?: boolean;
}
