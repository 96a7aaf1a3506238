// Types of ledger.fixture.mjs (plain JavaScript, so that child processes run it with `node`).
import type {
  ReadModelDocument,
  ReadModelWriteOptions,
  StoredEvent,
  UnitOfWork,
} from '@cqrs-ddd/core';
import type { PostgresEventStore } from '@cqrs-ddd/event-store';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { LoggerService } from '@nestjs/common';
import type { EventProcessor } from '../processor/event-processor.js';
import type { ProcessorEngine } from '../processor/processor-engine.js';
import type { ProcessorRunOptions } from '../processor/processor.options.js';
import type { PostgresCheckpointStore } from '../postgres/postgres-checkpoint.store.js';
import type { PostgresLockStrategy } from '../postgres/postgres-lock.strategy.js';
import type { PostgresParkedEventStore } from '../postgres/postgres-parked-event.store.js';
import type { PostgresProjectionStateStore } from '../postgres/postgres-projection-state.store.js';
import type { PostgresReadModelStore } from '../postgres/postgres-read-model.store.js';

export declare const DEPOSITED: 'ledger.deposited';
export declare const WITHDRAWN: 'ledger.withdrawn';
export declare const NOTED: 'ledger.noted';
export declare const TENANT: 't1';
export declare const LEDGER_SQL: 'ledger-sql';
export declare const LEDGER_PROJECTION: 'ledger-projection';
export declare const LEDGER_COLLECTION: 'ledger_docs';
export declare const RUN_OPTIONS: ProcessorRunOptions & {
  readonly batchSize: number;
  readonly leaseTtlMs: number;
  readonly leaseRetryMs: number;
};

/** A document of the ledger projection. */
export interface Account extends ReadModelDocument {
  readonly balance: number;
  readonly operations: number;
}

export declare function amountOf(event: StoredEvent): number;

export declare class LedgerProjection {
  constructor(options?: { delayMs?: number; onEvent?: (event: StoredEvent) => void });
  /** While on, events whose `data.poison` is set throw. */
  rejectPoison: boolean;
  deposited(event: StoredEvent, context: LedgerHandlerContext): Promise<void>;
  withdrawn(event: StoredEvent, context: LedgerHandlerContext): Promise<void>;
}

interface LedgerHandlerContext {
  readonly collection: {
    get(id: string): Promise<Account | undefined>;
    upsert(document: Account, options: ReadModelWriteOptions): Promise<boolean>;
  };
  readonly at: ReadModelWriteOptions;
}

export declare function ledgerTable(schema: string): string;
export declare function ledgerTableDdl(schema: string): string;

export declare class LedgerSqlProcessor implements EventProcessor {
  constructor(options: {
    em: SqlEntityManager;
    schema: string;
    handledBy: string;
    delayMs?: number;
    onEvent?: (event: StoredEvent) => void;
  });
  readonly name: 'ledger-sql';
  handleBatch(events: readonly StoredEvent[]): Promise<void>;
}

/** The stores and engine of one instance. */
export interface LedgerStack {
  readonly em: SqlEntityManager;
  readonly eventStore: PostgresEventStore;
  readonly checkpoints: PostgresCheckpointStore;
  readonly locks: PostgresLockStrategy;
  readonly parked: PostgresParkedEventStore;
  readonly stateStore: PostgresProjectionStateStore;
  readonly readModels: PostgresReadModelStore;
  readonly unitOfWork: UnitOfWork;
  readonly engine: ProcessorEngine;
}

export declare function createLedgerStack(
  em: SqlEntityManager,
  options: {
    eventStoreSchema: string;
    projectionsSchema: string;
    instanceId: string;
    logger?: LoggerService;
  },
): LedgerStack;
