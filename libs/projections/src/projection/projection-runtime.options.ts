import type { EventStore, LogPosition } from '@cqrs-ddd/core';
import type { EventUpcasting } from '@cqrs-ddd/event-store';
import type { LoggerService } from '@nestjs/common';
import type { ProcessorEngine } from '../processor/processor-engine.js';
import type { ProcessorStatus } from '../processor/processor-status.js';
import type { ProcessorRunOptions } from '../processor/processor.options.js';
import type { BatchableReadModelStore } from './projection-batch.buffer.js';
import type { ProjectionState, ProjectionStateStore } from './projection-state-store.port.js';

/** What a {@link ProjectionRuntime} runs on. */
export interface ProjectionRuntimeDependencies {
  /** Runs the projection's processors (one per generation being served or built). */
  readonly engine: ProcessorEngine;
  /** Durable record of the active and building generations, shared by every instance. */
  readonly stateStore: ProjectionStateStore;
  /** Where the read model lives (one physical collection per generation). */
  readonly readModels: BatchableReadModelStore;
  /** The event log, to find the position of a stream version (`waitFor`). */
  readonly eventStore: EventStore;
  /**
   * Upcasting of stored events: an `EventDeserializer` or the event store module's
   * `UpcasterRegistry`. @default none (events are handled as stored)
   */
  readonly upcasting?: EventUpcasting;
  /** Where failed background state checks are logged. @default new Logger('ProjectionRuntime') */
  readonly logger?: LoggerService;
}

/** How a {@link ProjectionRuntime} behaves. */
export interface ProjectionRuntimeOptions {
  /**
   * Run options of the projection's processors, over the `@Projection` ones (e.g. the
   * `unitOfWork` of the database holding both the read model and the checkpoints).
   * @default the `@Projection` options
   */
  readonly run?: ProcessorRunOptions;
  /**
   * Delay between switching to a rebuilt generation and dropping the old generation's
   * collection, in ms, so that queries and other instances still on the old generation finish.
   * Keep it above `stateRefreshMs`. @default 5_000
   */
  readonly dropDelayMs?: number;
  /**
   * How often the state is re-read from the store (so this instance follows a switch or a
   * rebuild started by another instance) and a running build is checked for completion, in ms.
   * @default 1_000
   */
  readonly stateRefreshMs?: number;
}

/** A point of the log to wait for: a position, or the event at a stream's version. */
export type ProjectionWaitTarget =
  LogPosition | { readonly streamId: string; readonly version: number };

/** A projection as this instance sees it. */
export interface ProjectionRuntimeStatus {
  readonly name: string;
  /** Version of the code this instance runs. */
  readonly version: number;
  /** The stored state (generations and the versions that built them). */
  readonly state: ProjectionState;
  /** Physical collection queries read. */
  readonly activeCollection: string;
  /** The active generation's processor; absent while the runtime is stopped. */
  readonly active?: ProcessorStatus;
  /** The building generation's processor, when this instance takes part in a rebuild. */
  readonly building?: ProcessorStatus;
}
