import { ProcessorNotFoundError } from '../errors/processor-not-found.error.js';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import type { EventProcessor } from './event-processor.js';
import {
  type ProcessorEngineDependencies,
  type ResolvedProcessorEngineDependencies,
  resolveProcessorEngineDependencies,
} from './processor-engine.dependencies.js';
import type { ProcessorHandle } from './processor-handle.js';
import { ProcessorRunner } from './processor-runner.js';
import type { ProcessorRunOptions } from './processor.options.js';
import { resolveProcessorRunOptions } from './resolve-processor-options.js';

/**
 * Runs checkpointed processors over the event log: the engine behind projections, outbox
 * relays, sagas and streams. Plain TypeScript on core ports, usable without Nest:
 *
 * ```ts
 * const engine = new ProcessorEngine({ eventStore, checkpoints, locks, parked });
 * const handle = engine.register(myProcessor, { partitions: 4 });
 * engine.startAll();
 * // ...
 * await engine.stopAll();
 * ```
 *
 * Every instance of an application runs the same engine; per partition, the instance holding
 * the lease processes and the others wait in standby, taking over when the lease expires.
 */
export class ProcessorEngine {
  private readonly dependencies: ResolvedProcessorEngineDependencies;
  private readonly runners = new Map<string, ProcessorRunner>();
  private started = false;

  /** @throws ValidationError when a dependency is missing or is not the expected port. */
  constructor(dependencies: ProcessorEngineDependencies) {
    this.dependencies = resolveProcessorEngineDependencies(dependencies);
  }

  /** Identity of this engine in leases and checkpoints. */
  get instanceId(): string {
    return this.dependencies.instanceId;
  }

  /**
   * Adds a processor (not started, unless {@link startAll} was called and `autoStart` is on).
   * @throws ProjectionsConfigurationError when a processor of that name is registered
   * @throws ValidationError for an invalid processor or invalid options
   */
  register(processor: EventProcessor, options: ProcessorRunOptions = {}): ProcessorHandle {
    const resolved = resolveProcessorRunOptions(processor, options);
    if (this.runners.has(processor.name)) {
      throw new ProjectionsConfigurationError(
        `A processor named "${processor.name}" is already registered: processor names key ` +
          'checkpoints, leases and parked events, so each must be unique.',
      );
    }
    const runner = new ProcessorRunner(processor, resolved, this.dependencies);
    this.runners.set(processor.name, runner);
    if (this.started && resolved.autoStart) runner.start();
    return runner;
  }

  /**
   * Stops a processor gracefully and removes it.
   * @throws ProcessorNotFoundError when no processor of that name is registered
   */
  async unregister(name: string): Promise<void> {
    const runner = this.runners.get(name);
    if (!runner) throw new ProcessorNotFoundError(name);
    this.runners.delete(name);
    await runner.stop();
  }

  /** The handle of a registered processor, or `undefined`. */
  get(name: string): ProcessorHandle | undefined {
    return this.runners.get(name);
  }

  /** Handles of every registered processor, in registration order. */
  list(): ProcessorHandle[] {
    return [...this.runners.values()];
  }

  /** Starts the processors whose `autoStart` is on, and those registered later. */
  startAll(): void {
    this.started = true;
    for (const runner of this.runners.values()) {
      if (runner.options.autoStart) runner.start();
    }
  }

  /** Stops every processor gracefully (running batches finish, leases are released). */
  async stopAll(): Promise<void> {
    this.started = false;
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
  }
}
