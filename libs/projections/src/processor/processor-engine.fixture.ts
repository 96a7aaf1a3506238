import {
  type AppendResult,
  type Clock,
  type EventMetadata,
  InMemoryCheckpointStore,
  InMemoryEventStore,
  InMemoryLockStrategy,
  type Lock,
  LockNotHeldError,
  type LockOptions,
  LockStrategy,
  type StoredEvent,
} from '@cqrs-ddd/core';
import type { LoggerService } from '@nestjs/common';
import type {
  EventProcessor,
  EventProcessorFilter,
  ProcessorBatchContext,
} from './event-processor.js';
import { InMemoryParkedEventStore } from './in-memory-parked-event.store.js';
import { ProcessorEngine } from './processor-engine.js';
import type { ProcessorEngineDependencies } from './processor-engine.dependencies.js';
import type { ProcessorRunOptions } from './processor.options.js';

/** Run options for tests: no safety poll (so only commit signals wake), fast retries. */
export const FAST_OPTIONS = {
  idlePollMs: 60_000,
  leaseTtlMs: 300,
  leaseRetryMs: 20,
  retry: { initialDelayMs: 1, maxDelayMs: 5 },
} satisfies ProcessorRunOptions;

/** A logger that keeps what it is told, so tests stay quiet and can look. */
export class RecordingLogger implements LoggerService {
  readonly lines: { level: string; message: string }[] = [];
  log = (message: unknown) => this.record('log', message);
  error = (message: unknown) => this.record('error', message);
  warn = (message: unknown) => this.record('warn', message);
  debug = (message: unknown) => this.record('debug', message);
  verbose = (message: unknown) => this.record('verbose', message);

  private record(level: string, message: unknown): void {
    this.lines.push({ level, message: String(message) });
  }
}

/** Shared in-memory stores plus engines built on them, stopped by {@link stopAll}. */
export class EngineFixture {
  readonly eventStore: InMemoryEventStore;
  readonly checkpoints: InMemoryCheckpointStore;
  readonly locks: InMemoryLockStrategy;
  readonly parked = new InMemoryParkedEventStore();
  readonly logger = new RecordingLogger();
  private readonly engines: ProcessorEngine[] = [];

  constructor(clock?: Clock) {
    this.eventStore = new InMemoryEventStore({ clock });
    this.checkpoints = new InMemoryCheckpointStore({ clock });
    this.locks = new InMemoryLockStrategy({ clock });
  }

  /** A new engine (another "instance") on the shared stores. */
  engine(overrides: Partial<ProcessorEngineDependencies> = {}): ProcessorEngine {
    const engine = new ProcessorEngine({
      eventStore: this.eventStore,
      checkpoints: this.checkpoints,
      locks: this.locks,
      parked: this.parked,
      logger: this.logger,
      ...overrides,
    });
    this.engines.push(engine);
    return engine;
  }

  /** Appends one event per type to `streamId`. */
  append(
    streamId: string,
    types: readonly string[],
    options: { streamType?: string; metadata?: EventMetadata } = {},
  ): Promise<AppendResult> {
    return this.eventStore.append(
      streamId,
      types.map((type) => ({ type, version: 1, data: {}, metadata: options.metadata })),
      { streamType: options.streamType },
    );
  }

  /** Stops every engine made by this fixture. */
  async stopAll(): Promise<void> {
    await Promise.all(this.engines.map((engine) => engine.stopAll()));
  }
}

/**
 * A lock strategy over another whose locks can be made to misbehave: renewals that fail and
 * acquisitions that find the lock taken (another instance took the lease), releases that do
 * nothing (the instance crashed).
 */
export class ControlledLocks extends LockStrategy {
  /** Another instance took over: renewals fail and `tryAcquire` finds the lock taken. */
  stolen = false;
  releaseIgnored = false;

  constructor(private readonly inner: LockStrategy) {
    super();
  }

  async tryAcquire(resource: string, options: LockOptions): Promise<Lock | null> {
    if (this.stolen) return null;
    const lock = await this.inner.tryAcquire(resource, options);
    return lock && this.wrap(lock);
  }

  async acquire(resource: string, options: LockOptions): Promise<Lock> {
    return this.wrap(await this.inner.acquire(resource, options));
  }

  private wrap(lock: Lock): Lock {
    return {
      resource: lock.resource,
      token: lock.token,
      sessionId: lock.sessionId,
      expiresAt: lock.expiresAt,
      extend: async (ttlMs) => {
        if (this.stolen) throw new LockNotHeldError(lock.resource, lock.token);
        await lock.extend(ttlMs);
      },
      release: async () => (this.releaseIgnored ? false : lock.release()),
    };
  }
}

/** What a {@link RecordingProcessor} does with a batch before recording it. */
export type BatchBehaviour = (
  events: readonly StoredEvent[],
  context: ProcessorBatchContext,
) => Promise<void> | void;

/** A processor that records the batches it handled successfully. */
export class RecordingProcessor implements EventProcessor {
  readonly batches: StoredEvent[][] = [];
  readonly contexts: ProcessorBatchContext[] = [];
  /** Every call, including failed ones. */
  calls = 0;

  constructor(
    readonly name: string,
    readonly filter?: EventProcessorFilter,
    public behaviour?: BatchBehaviour,
  ) {}

  /** Every event handled successfully, in order. */
  get handled(): StoredEvent[] {
    return this.batches.flat();
  }

  async handleBatch(events: readonly StoredEvent[], context: ProcessorBatchContext) {
    this.calls += 1;
    await this.behaviour?.(events, context);
    this.batches.push([...events]);
    this.contexts.push(context);
  }
}

/** Resolves once `condition` holds, polling every few ms; fails after `timeoutMs`. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 3_000,
  description = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise and the function that resolves it (to hold a handler mid-batch). */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
