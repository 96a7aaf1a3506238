import {
  compareLogPositions,
  logPosition,
  type LogPosition,
  type StoredEvent,
} from '@cqrs-ddd/core';
import { eventStoreSchemaNames, PostgresEventStore } from '@cqrs-ddd/event-store';
import {
  createEventStoreTestSchema,
  createTestOrm,
  type EventStoreTestSchema,
} from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PostgresCheckpointStore } from '../postgres/postgres-checkpoint.store.js';
import { PostgresReadModelStore } from '../postgres/postgres-read-model.store.js';
import { eventually, RecordingLogger } from '../processor/processor-engine.fixture.js';
import type { ProcessorHandle } from '../processor/processor-handle.js';
import type { ProcessorRunOptions } from '../processor/processor.options.js';
import { ProjectionBatchExecutor } from '../projection/projection-batch.executor.js';
import { ProjectionRuntime } from '../projection/projection-runtime.js';
import {
  createProjectionsTestSchema,
  type ProjectionsTestSchema,
} from '../testing/projections-test-schema.js';
import {
  type Account,
  createLedgerStack,
  LEDGER_COLLECTION,
  LEDGER_PROJECTION,
  LedgerProjection,
  LedgerSqlProcessor,
  type LedgerStack,
  ledgerTable,
  ledgerTableDdl,
  RUN_OPTIONS,
  TENANT,
} from './ledger.fixture.mjs';
import { byId } from './ledger-replay.fixture.js';
import { type Appender, appendWorkload, startAppender } from './ledger-workload.fixture.js';
import { type Lease, leasesOf } from './postgres-sessions.fixture.js';
import type { ChildConfig } from './processor-child.fixture.js';

/** A row of the SQL ledger: one per event the `ledger-sql` processor committed. */
export interface LedgerRow {
  readonly eventId: string;
  readonly streamId: string;
  readonly handledBy: string;
  readonly handledAt: Date;
}

const ALL = 1_000_000;

/**
 * A database for the reliability tests: a fresh event-store schema and projections schema (with
 * the SQL ledger table) on the test file's database, the workload's writer, the in-process
 * instances made on it, and readers of its committed state (log, checkpoints, ledger, documents,
 * leases); `expectConsistent` (ledger-consistency.fixture.ts) checks that state.
 */
export class LedgerDatabase {
  /** Appends and log reads of the test itself. */
  readonly writer: PostgresEventStore;
  readonly logger = new RecordingLogger();
  private readonly orms: MikroORM[] = [];
  private readonly stacks: LedgerStack[] = [];
  private readonly runtimes: ProjectionRuntime[] = [];

  private constructor(
    readonly orm: MikroORM,
    private readonly eventStoreSchema: EventStoreTestSchema,
    private readonly projectionsSchema: ProjectionsTestSchema,
  ) {
    this.writer = new PostgresEventStore(orm.em, { schema: eventStoreSchema.schema });
  }

  /** Creates the schemas on the test file's database (`DATABASE_URL`). */
  static async create(): Promise<LedgerDatabase> {
    const orm = await createTestOrm();
    const eventStoreSchema = await createEventStoreTestSchema(orm);
    const projectionsSchema = await createProjectionsTestSchema(orm);
    await orm.em.execute(ledgerTableDdl(projectionsSchema.schema));
    return new LedgerDatabase(orm, eventStoreSchema, projectionsSchema);
  }

  /** Schema names, as the ledger stack and the child processes take them. */
  get schemas(): { eventStoreSchema: string; projectionsSchema: string } {
    return {
      eventStoreSchema: this.eventStoreSchema.schema,
      projectionsSchema: this.projectionsSchema.schema,
    };
  }

  /** Configuration of a child process instance on this database (`application_name` = id). */
  childConfig(
    instanceId: string,
    options: Omit<
      ChildConfig,
      keyof LedgerDatabase['schemas'] | 'databaseUrl' | 'instanceId' | 'applicationName'
    >,
  ): ChildConfig {
    const databaseUrl = process.env.DATABASE_URL!;
    return { databaseUrl, ...this.schemas, instanceId, applicationName: instanceId, ...options };
  }

  /**
   * The stores and engine of one in-process instance, on a MikroORM of its own (its own
   * connection pool). Stopped and closed by {@link close}.
   */
  async stack(instanceId: string): Promise<LedgerStack> {
    const orm = await createTestOrm({ pool: { min: 0, max: 6 } });
    this.orms.push(orm);
    const stack = createLedgerStack(orm.em, { ...this.schemas, instanceId, logger: this.logger });
    this.stacks.push(stack);
    return stack;
  }

  /**
   * Registers the SQL ledger (`handled_by`: the engine's instance id) and the ledger projection
   * on `stack`'s engine, both in its unit of work; returns their handles.
   */
  register(
    stack: LedgerStack,
    { sqlPartitions = 1, projectionPartitions = 1, run = {} }: LedgerRegistration = {},
  ): { sql: ProcessorHandle; projection: ProcessorHandle } {
    const { engine, em, readModels, unitOfWork } = stack;
    const options = { ...RUN_OPTIONS, ...run, unitOfWork };
    const sql = new LedgerSqlProcessor({
      em,
      schema: this.projectionsSchema.schema,
      handledBy: engine.instanceId,
    });
    const executor = new ProjectionBatchExecutor(new LedgerProjection(), {
      processorName: LEDGER_PROJECTION,
      collection: LEDGER_COLLECTION,
      store: readModels,
    });
    return {
      sql: engine.register(sql, { ...options, partitions: sqlPartitions }),
      projection: engine.register(executor, { ...options, partitions: projectionPartitions }),
    };
  }

  /**
   * A runtime of `projection` on `stack` (in its unit of work, `run` over `RUN_OPTIONS`), with a
   * fast state refresh and old collections dropped 300 ms after a switch. Stopped by {@link close}.
   */
  runtime(
    stack: LedgerStack,
    projection: object,
    run: ProcessorRunOptions = {},
  ): ProjectionRuntime {
    const { engine, stateStore, readModels, eventStore, unitOfWork } = stack;
    const runtime = new ProjectionRuntime(
      projection,
      { engine, stateStore, readModels, eventStore, logger: this.logger },
      { run: { ...RUN_OPTIONS, ...run, unitOfWork }, stateRefreshMs: 50, dropDelayMs: 300 },
    );
    this.runtimes.push(runtime);
    return runtime;
  }

  /** Appends events `from` .. `from + count - 1` of the workload (see {@link appendWorkload}). */
  appendWorkload(from: number, count: number): Promise<void> {
    return appendWorkload(this.writer, from, count);
  }

  /** Keeps appending workload events from `from` (see {@link startAppender}). */
  startAppender(from: number, pauseMs: number): Appender {
    return startAppender(this.writer, from, pauseMs);
  }

  /**
   * The log as readers see it now. Reading is gap-safe across the whole PostgreSQL cluster, so
   * while any transaction is open anywhere (another test file's, say) newer events of this log
   * are held back: this may miss events committed lately.
   */
  visibleLog(): Promise<StoredEvent[]> {
    return this.writer.readAll({ limit: ALL });
  }

  /** Every committed event of the log, once readers see them all (waits for that). */
  async log(): Promise<StoredEvent[]> {
    let log: StoredEvent[] = [];
    await eventually(
      async () => {
        const committed = await this.committedCount();
        log = await this.visibleLog();
        return log.length === committed && (await this.committedCount()) === committed;
      },
      20_000,
      'every committed event to be readable',
    );
    return log;
  }

  /** A processor partition's stored checkpoint (`null`: none or log start). */
  async checkpoint(name: string, partition = 0): Promise<LogPosition | null> {
    const checkpoints = new PostgresCheckpointStore(this.orm.em, this.projectionsTables);
    return (await checkpoints.load(name, partition))?.position ?? null;
  }

  /** Owner (engine instance id) of a processor partition's checkpoint. */
  async checkpointOwner(name: string, partition = 0): Promise<string | null> {
    const checkpoints = new PostgresCheckpointStore(this.orm.em, this.projectionsTables);
    return (await checkpoints.load(name, partition))?.owner ?? null;
  }

  /**
   * Whether every partition of processor `name` has saved a checkpoint at or after the last
   * committed event (which readers may not see yet: see {@link visibleLog}).
   */
  async caughtUp(name: string, partitions = 1): Promise<boolean> {
    // Qualified: a bare `transaction_id` would order by the text output column of that name,
    // and '999' sorts after '1000'.
    const [row] = await this.orm.em.execute<{ transaction_id: string; global_position: string }[]>(
      `SELECT m.transaction_id::text, m.global_position::text FROM ${this.messages} m
       ORDER BY m.transaction_id DESC, m.global_position DESC LIMIT 1`,
    );
    const head = row ? logPosition(row.transaction_id, row.global_position) : null;
    for (let partition = 0; partition < partitions; partition++) {
      if (compareLogPositions(await this.checkpoint(name, partition), head) < 0) return false;
    }
    return true;
  }

  /** Rows of the SQL ledger, oldest first. */
  async ledger(): Promise<LedgerRow[]> {
    const rows = await this.orm.em.execute<
      { event_id: string; stream_id: string; handled_by: string; handled_at: Date }[]
    >(
      `SELECT event_id, stream_id, handled_by, handled_at FROM ${ledgerTable(this.projectionsTables.schema)}
       ORDER BY handled_at, event_id`,
    );
    return rows.map((row) => ({
      eventId: row.event_id,
      streamId: row.stream_id,
      handledBy: row.handled_by,
      handledAt: new Date(row.handled_at),
    }));
  }

  /** Documents of a read-model collection (tenant {@link TENANT}), by id. */
  async documents(collection: string = LEDGER_COLLECTION): Promise<Account[]> {
    const store = new PostgresReadModelStore(this.orm.em, this.projectionsTables);
    const { items } = await store.collection<Account>(collection, { tenantId: TENANT }).find();
    return byId(items);
  }

  /** Leases of processor `name`, by partition (see {@link leasesOf}). */
  leases(name: string): Promise<Lease[]> {
    return leasesOf(this.orm.em, this.projectionsSchema.schema, name);
  }

  /** Stops every in-process runtime and engine, closes every pool and drops the schemas. */
  async close(): Promise<void> {
    for (const runtime of this.runtimes) await runtime.stop();
    for (const stack of this.stacks) {
      await stack.engine.stopAll();
      await stack.eventStore.close();
    }
    for (const orm of this.orms) await orm.close();
    await this.writer.close();
    await this.projectionsSchema.drop();
    await this.eventStoreSchema.drop();
    await this.orm.close();
  }

  /** Committed events (readable or not yet). */
  private async committedCount(): Promise<number> {
    const [row] = await this.orm.em.execute<{ count: string }[]>(
      `SELECT count(*) AS count FROM ${this.messages}`,
    );
    return Number(row.count);
  }

  private get messages(): string {
    return eventStoreSchemaNames({ schema: this.eventStoreSchema.schema }).messages;
  }

  private get projectionsTables(): { schema: string } {
    return { schema: this.projectionsSchema.schema };
  }
}

/** Partitions of each ledger processor, and run options over `RUN_OPTIONS`. */
export interface LedgerRegistration {
  readonly sqlPartitions?: number;
  readonly projectionPartitions?: number;
  readonly run?: ProcessorRunOptions;
}
