import type { Clock, EventStore, StoredEvent } from '@cqrs-ddd/core';
import { MikroOrmUnitOfWork } from '@cqrs-ddd/event-store';
import {
  createProcessorStores,
  migrateProjections,
  ProcessorEngine,
  type ProcessorHandle,
  type ProcessorRunOptions,
} from '@cqrs-ddd/projections';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LoggerService } from '@nestjs/common';
import { SagasConfigurationError } from '../errors/sagas-configuration.error.js';
import type { CommandTypeRegistry } from '../commands/command-type.registry.js';
import type { CommandScheduler } from '../scheduling/command-scheduler.port.js';
import {
  SagaCommandDispatcher,
  type SagaCommandDispatcherOptions,
  type SagaCommandExecutor,
} from './saga-command.dispatcher.js';
import type { AnySagaDefinition } from './saga-definition.js';
import { SagaProcessor } from './saga.processor.js';
import { SagaRuntime } from './saga.runtime.js';
import { migrateSagas } from './sagas-schema.js';

/** Run options of a saga's processor unless the options say otherwise. */
export const DEFAULT_SAGA_RUN_OPTIONS = {
  batchSize: 100,
  retry: { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 5_000 },
} as const satisfies ProcessorRunOptions;

/** Settings of {@link createSagaEngine}. */
export interface SagaEngineOptions {
  /** PostgreSQL schema of the saga tables and of the sagas' checkpoints and leases. @default 'public' */
  readonly schema?: string;
  /** Create the tables when missing. @default true */
  readonly migrate?: boolean;
  /** Role the application connects as, granted access to the saga tables (see `migrateSagas`). */
  readonly appRole?: string;
  /** Roles of the saga principal commands run as. @default [] */
  readonly roles?: readonly string[];
  /**
   * Run options of every saga's processor (the unit of work is the engine's). Not partitioned:
   * an instance's events come from several streams and must be read in log order.
   */
  readonly run?: Omit<ProcessorRunOptions, 'unitOfWork' | 'partitions'>;
  /** Dispatcher settings. */
  readonly dispatcher?: Omit<SagaCommandDispatcherOptions, 'logger'>;
}

/** What {@link createSagaEngine} runs on. */
export interface SagaEngineSources {
  /** The event log (read by the sagas' processors). */
  readonly eventStore: EventStore;
  /** The app's MikroORM EntityManager (PostgreSQL). */
  readonly em: EntityManager;
  /** Serialises the commands sagas send. */
  readonly registry: CommandTypeRegistry;
  /** Schedules step timeouts. */
  readonly scheduler: CommandScheduler;
  /** Executes a command through the command bus. */
  readonly execute: SagaCommandExecutor;
  /** Upcasts stored events before sagas see them. @default as stored */
  readonly upcast?: (event: StoredEvent) => StoredEvent;
  readonly clock?: Clock;
  readonly logger?: LoggerService;
  /** Identity of this instance in leases. @default `<hostname>:<pid>:<random>` */
  readonly instanceId?: string;
}

/**
 * Sagas on a processor engine of their own: one checkpointed processor per saga (run with a
 * `MikroOrmUnitOfWork`), the {@link SagaRuntime} and the {@link SagaCommandDispatcher}. Plain
 * TypeScript, usable without Nest (`SagasModule` builds one).
 */
export class SagaEngine {
  private readonly handles = new Map<string, ProcessorHandle>();
  private readonly unitOfWork: MikroOrmUnitOfWork;

  constructor(
    /** The state machine and its tables. */
    readonly runtime: SagaRuntime,
    /** Runs the sagas' processors. */
    readonly processors: ProcessorEngine,
    /** Sends the recorded commands. */
    readonly dispatcher: SagaCommandDispatcher,
    em: EntityManager,
    private readonly options: SagaEngineOptions = {},
    private readonly filterByType = true,
  ) {
    this.unitOfWork = new MikroOrmUnitOfWork(em);
  }

  /**
   * Registers a saga: its definition with the runtime and its processor (`saga:<name>`) with the
   * engine (started with the others, or at once when they run).
   * @throws SagasConfigurationError when a saga of that name is registered
   */
  register(definition: AnySagaDefinition): ProcessorHandle {
    this.runtime.register(definition);
    const handle = this.processors.register(
      new SagaProcessor(definition, this.runtime, { filterByType: this.filterByType }),
      {
        ...DEFAULT_SAGA_RUN_OPTIONS,
        ...this.options.run,
        retry: { ...DEFAULT_SAGA_RUN_OPTIONS.retry, ...this.options.run?.retry },
        unitOfWork: this.unitOfWork,
      },
    );
    // After a committed batch, its commands are visible: dispatch them now.
    handle.onProgress(({ handled }) => {
      if (handled > 0) this.dispatcher.wake();
    });
    this.handles.set(definition.name, handle);
    return handle;
  }

  /** The processor handle of saga `name`, or `undefined`. */
  handle(name: string): ProcessorHandle | undefined {
    return this.handles.get(name);
  }

  /** Runs `work` in a MikroORM transaction (joining the caller's when there is one). */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.unitOfWork.run(work);
  }

  /** Starts the processors and the dispatcher. */
  start(): void {
    this.processors.startAll();
    this.dispatcher.start();
  }

  /** Stops the processors (running batches finish) and the dispatcher (after its command). */
  async stop(): Promise<void> {
    await Promise.all([this.processors.stopAll(), this.dispatcher.stop()]);
  }
}

/**
 * Migrates the tables (saga tables and the processor tables of the same schema, unless
 * `migrate` is off) and builds a {@link SagaEngine} (not started, no saga registered).
 */
export async function createSagaEngine(
  options: SagaEngineOptions,
  sources: SagaEngineSources,
): Promise<SagaEngine> {
  const { em, schema } = { em: sources.em, schema: options.schema };
  const { partitions } = (options.run ?? {}) as ProcessorRunOptions;
  if (partitions !== undefined && partitions !== 1) {
    throw new SagasConfigurationError(
      'Saga processors cannot be partitioned: an instance reads events of several streams, ' +
        `which must be handled in log order. Remove run.partitions (got ${String(partitions)}).`,
    );
  }
  if (options.migrate ?? true) {
    await migrateProjections(em, { schema });
    await migrateSagas(em.getConnection(), { schema, appRole: options.appRole });
  }
  const runtime = new SagaRuntime({
    em,
    schema,
    registry: sources.registry,
    scheduler: sources.scheduler,
    roles: options.roles,
    upcast: sources.upcast,
    clock: sources.clock,
  });
  const processors = new ProcessorEngine({
    eventStore: sources.eventStore,
    ...createProcessorStores('postgres', { em, schema, clock: sources.clock }),
    clock: sources.clock,
    ...(sources.logger && { logger: sources.logger }),
    ...(sources.instanceId && { instanceId: sources.instanceId }),
  });
  const dispatcher = new SagaCommandDispatcher(
    { em, runtime, registry: sources.registry, execute: sources.execute },
    { ...options.dispatcher, ...(sources.logger && { logger: sources.logger }) },
  );
  return new SagaEngine(runtime, processors, dispatcher, em, options, !sources.upcast);
}
