import { type StoredEvent, ValidationError } from '@cqrs-ddd/core';
import { Logger, type LoggerService } from '@nestjs/common';
import { ProcessorStateError } from '../errors/processor-state.error.js';
import { ProcessorGroup } from '../processor/processor-group.js';
import type { ProcessorHandle } from '../processor/processor-handle.js';
import { DelayedCollectionDrops } from './delayed-collection-drops.js';
import type { BatchableReadModelStore } from './projection-batch.buffer.js';
import { ProjectionBatchExecutor } from './projection-batch.executor.js';
import {
  buildHasCaughtUp,
  generationCollectionName,
  generationProcessorName,
} from './projection-generation.js';
import { type ProjectionMetadata, projectionMetadataOf } from './projection-metadata.js';
import type {
  ProjectionRuntimeDependencies,
  ProjectionRuntimeOptions,
  ProjectionRuntimeStatus,
  ProjectionWaitTarget,
} from './projection-runtime.options.js';
import type { ProjectionState } from './projection-state-store.port.js';
import { resolveWaitTarget } from './projection-wait-target.js';

/** A generation's processor registered by this runtime. */
interface GenerationProcessor {
  readonly handle: ProcessorHandle;
  /** Whether this instance processes it (else it is only registered for status and waits). */
  readonly started: boolean;
  readonly unsubscribe: () => void;
}

/**
 * Runs one projection in this instance, with zero-downtime rebuilds. Each generation of the read
 * model has its own physical collection (`<collection>_g<n>`) and processor
 * (`projection:<name>:g<n>`, its own checkpoint). Queries read the active generation; when the
 * stored active generation was built by an older `version` of the code, or `rebuild()` is
 * called, generation n+1 is built from the log start while n keeps serving, and once the build
 * has caught up with the log the state store switches to it (compare-and-swap: one instance wins)
 * and the old collection is dropped `dropDelayMs` later. Every instance re-reads the state every
 * `stateRefreshMs`, so all follow a switch.
 *
 * While a newer version builds, instances running it keep the active generation up to date with
 * the new handlers (so it never goes stale); instances running an older version than the active
 * generation's only read it (they do not process it).
 */
export class ProjectionRuntime {
  /** The projection's declaration. */
  readonly metadata: ProjectionMetadata;
  private readonly logger: LoggerService;
  private readonly stateRefreshMs: number;
  private readonly generations = new Map<number, GenerationProcessor>();
  private readonly drops: DelayedCollectionDrops;
  private state?: ProjectionState;
  private running = false;
  private refreshTimer?: NodeJS.Timeout;
  private transitions: Promise<unknown> = Promise.resolve();
  private checkQueued = false;

  /** @throws ProjectionsConfigurationError for an invalid projection, ValidationError for invalid options */
  constructor(
    private readonly projection: object,
    private readonly dependencies: ProjectionRuntimeDependencies,
    private readonly options: ProjectionRuntimeOptions = {},
  ) {
    this.metadata = projectionMetadataOf(projection);
    this.logger = dependencies.logger ?? new Logger('ProjectionRuntime');
    const dropDelayMs = integerOption('dropDelayMs', options.dropDelayMs ?? 5_000, 0);
    this.drops = new DelayedCollectionDrops(dependencies.readModels, dropDelayMs, this.logger);
    this.stateRefreshMs = integerOption('stateRefreshMs', options.stateRefreshMs ?? 1_000, 1);
  }

  /** The projection's name. */
  get name(): string {
    return this.metadata.name;
  }

  /** The store holding the read model's generations. */
  get readModels(): BatchableReadModelStore {
    return this.dependencies.readModels;
  }

  /**
   * Loads (or creates) the projection's state, starts the active generation's processor and, if
   * that generation was built by an older version, a rebuild. No-op when started.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.serialised(async () => {
        const { name, version } = this.metadata;
        await this.apply(await this.dependencies.stateStore.initialise(name, version));
        await this.checkBuild();
      });
    } catch (error) {
      this.running = false;
      throw error;
    }
    this.refreshTimer = setInterval(() => void this.refresh(), this.stateRefreshMs);
    this.refreshTimer.unref();
  }

  /**
   * Stops this instance's processors gracefully (running batches finish) and drops, now, the old
   * collections still waiting for their delay. The stored state is kept.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.refreshTimer);
    await this.serialised(async () => {
      for (const generation of [...this.generations.keys()]) await this.release(generation);
    });
    await this.drops.flush();
  }

  /**
   * Applies `events` (just appended, in the caller's transaction) to the generation serving
   * queries and to one being built, as an inline projection does. No-op before `start()` or
   * after `stop()`: the processor then catches up.
   */
  async applyInline(events: readonly StoredEvent[]): Promise<void> {
    const state = this.running ? this.state : undefined;
    if (!state) return;
    const context = {
      processorName: `${this.metadata.name}:inline`,
      partition: 0,
      partitions: 1,
      signal: new AbortController().signal,
    };
    for (const generation of [state.activeGeneration, state.buildingGeneration]) {
      if (generation !== undefined) await this.executorOf(generation).handleBatch(events, context);
    }
  }

  /**
   * This instance's processors of the projection now (served and building generations), operated
   * together: pause/resume (paused processors keep their leases, so reads waiting for the read
   * model keep waiting) and their parked events (list, retry after a fix, skip).
   */
  processors(): ProcessorGroup {
    return new ProcessorGroup(
      this.metadata.name,
      [...this.generations.values()].map(({ handle }) => handle),
    );
  }

  /**
   * Starts building a new generation from the log start (unless a build is running), with this
   * instance's code. Resolves to the state: `buildingGeneration` is the build (absent when there
   * was nothing to read and the switch already happened).
   * @throws ProcessorStateError before `start()`
   */
  async rebuild(): Promise<ProjectionState> {
    this.requireState();
    return this.serialised(async () => {
      const { name, version } = this.metadata;
      await this.apply(await this.dependencies.stateStore.beginRebuild(name, version));
      await this.checkBuild();
      return this.requireState();
    });
  }

  /** Physical collection queries must read now (the active generation's). */
  activeCollection(): string {
    return this.collectionOf(this.requireState().activeGeneration);
  }

  /**
   * Waits until the active generation has processed `target` — a log position, or the event at
   * `version` of stream `streamId` (e.g. the version a command returned) — following a switch to
   * a rebuilt generation. Resolves `false` after `timeoutMs`, or when the event does not exist.
   */
  async waitFor(target: ProjectionWaitTarget, timeoutMs: number): Promise<boolean> {
    this.requireState();
    const deadline = performance.now() + integerOption('timeoutMs', timeoutMs, 0);
    const { position, streamId } = await resolveWaitTarget(this.dependencies.eventStore, target);
    if (!position) return false;
    for (;;) {
      const handle = this.generations.get(this.requireState().activeGeneration)?.handle;
      if (!handle) return false;
      // In slices, so that a switch to another generation during the wait is followed.
      const slice = Math.min(Math.max(0, deadline - performance.now()), this.stateRefreshMs);
      if (await handle.waitUntilProcessed(position, { timeoutMs: slice, streamId })) return true;
      if (performance.now() >= deadline) return false;
    }
  }

  /** The stored state and this instance's processors of the active and building generations. */
  async status(): Promise<ProjectionRuntimeStatus> {
    const state = this.requireState();
    const status = (generation: number | undefined) =>
      generation === undefined ? undefined : this.generations.get(generation)?.handle.status();
    const [active, building] = await Promise.all([
      status(state.activeGeneration),
      status(state.buildingGeneration),
    ]);
    return {
      name: this.metadata.name,
      version: this.metadata.version,
      state,
      activeCollection: this.activeCollection(),
      ...(active ? { active } : {}),
      ...(building ? { building } : {}),
    };
  }

  /** Makes this instance's processors match `stored`, first starting an upgrade it calls for. */
  private async apply(stored: ProjectionState): Promise<void> {
    const { name, version } = this.metadata;
    let state = stored;
    if (state.activeVersion < version && state.buildingGeneration === undefined) {
      state = await this.dependencies.stateStore.beginRebuild(name, version);
    }
    this.state = state;
    if (!this.running) return;
    // generation → whether this instance processes it
    const wanted = new Map([[state.activeGeneration, state.activeVersion <= version]]);
    if (state.buildingGeneration !== undefined && state.buildingVersion === version) {
      wanted.set(state.buildingGeneration, true);
    }
    for (const [generation, processor] of [...this.generations]) {
      if (wanted.get(generation) !== processor.started) await this.release(generation);
    }
    for (const [generation, start] of wanted) {
      if (!this.generations.has(generation)) this.register(generation, start);
    }
  }

  /** Switches to the building generation once its processor has caught up with the log. */
  private async checkBuild(): Promise<void> {
    const state = this.state;
    const generation = state?.buildingGeneration;
    const processor = generation === undefined ? undefined : this.generations.get(generation);
    if (!this.running || !state || generation === undefined || !processor?.started) return;
    const active = this.generations.get(state.activeGeneration)?.handle;
    const caughtUp = async () =>
      buildHasCaughtUp(...(await Promise.all([processor.handle.status(), active?.status()])));
    if (!(await caughtUp())) return;
    // Freeze the served generation here (its running batch finishes), then check again: the
    // switch must not serve less than the old generation already did.
    await active?.pause();
    let switched: ProjectionState | undefined;
    try {
      if (!(await caughtUp())) return;
      switched = await this.dependencies.stateStore.completeRebuild(this.metadata.name, generation);
    } finally {
      if (!switched) active?.resume();
    }
    if (switched) {
      await this.apply(switched);
      this.drops.schedule(this.collectionOf(state.activeGeneration));
      return;
    }
    // Another instance switched (or the build changed): follow the stored state.
    const current = await this.dependencies.stateStore.get(this.metadata.name);
    if (current) await this.apply(current);
  }

  private register(generation: number, start: boolean): void {
    const handle = this.dependencies.engine.register(this.executorOf(generation), {
      ...this.metadata.runOptions,
      ...this.options.run,
      autoStart: start,
    });
    const unsubscribe = handle.onProgress(() => this.scheduleCheck());
    if (start) handle.start();
    this.generations.set(generation, { handle, started: start, unsubscribe });
  }

  private async release(generation: number): Promise<void> {
    const processor = this.generations.get(generation);
    if (!processor) return;
    this.generations.delete(generation);
    processor.unsubscribe();
    await this.dependencies.engine.unregister(processor.handle.name);
  }

  private async refresh(): Promise<void> {
    try {
      await this.serialised(async () => {
        if (!this.running) return;
        const state = await this.dependencies.stateStore.get(this.metadata.name);
        if (state) await this.apply(state);
        await this.checkBuild();
      });
    } catch (error) {
      this.logFailure('refreshing its state', error);
    }
  }

  /** Checks the build after a batch of it, coalescing checks already queued. */
  private scheduleCheck(): void {
    if (this.checkQueued) return;
    this.checkQueued = true;
    this.serialised(async () => {
      this.checkQueued = false;
      await this.checkBuild();
    }).catch((error: unknown) => this.logFailure('checking its rebuild', error));
  }

  /** The projection as a processor writing `generation`'s collection. */
  private executorOf(generation: number): ProjectionBatchExecutor {
    return new ProjectionBatchExecutor(this.projection, {
      processorName: generationProcessorName(this.metadata.name, generation),
      collection: this.collectionOf(generation),
      store: this.dependencies.readModels,
      upcasting: this.dependencies.upcasting,
      metadata: this.metadata,
    });
  }

  private collectionOf(generation: number): string {
    return generationCollectionName(this.metadata.collection, generation);
  }

  /** Runs state transitions one at a time (start, refresh, build checks, rebuild, stop). */
  private serialised<T>(transition: () => Promise<T>): Promise<T> {
    const result = this.transitions.then(transition);
    this.transitions = result.catch(() => undefined);
    return result;
  }

  private requireState(): ProjectionState {
    if (!this.state) {
      throw new ProcessorStateError(
        this.metadata.name,
        `Projection "${this.metadata.name}" is not started: call start() before using it.`,
      );
    }
    return this.state;
  }

  private logFailure(what: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error(`Projection "${this.metadata.name}": ${what} failed: ${reason}`);
  }
}

function integerOption(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw ValidationError.of(name, `must be an integer >= ${min}, got ${String(value)}`, 'isInt');
  }
  return value;
}
