import {
  type Clock,
  currentTraceparent,
  type IdGenerator,
  type Principal,
  type RequestContextState,
  runInContext,
  type StoredEvent,
  SystemClock,
  UuidV7IdGenerator,
} from '@cqrs-ddd/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CommandTypeRegistry } from '../commands/command-type.registry.js';
import { SagaNotFoundError } from '../errors/saga-not-found.error.js';
import { SagaStateError } from '../errors/saga-state.error.js';
import { SagasConfigurationError } from '../errors/sagas-configuration.error.js';
import type { CommandScheduler } from '../scheduling/command-scheduler.port.js';
import { SagaCommandStore } from './saga-command.store.js';
import type { AnySagaDefinition } from './saga-definition.js';
import type { SagaCommandRecord, SagaInstance } from './saga-instance.js';
import { SagaInstanceStore } from './saga-instance.store.js';
import { SagaTimeoutCommand, sagaTimeoutKey } from './saga-timeout.command.js';
import {
  beginCompensation,
  compensateLateStep,
  isLateCompletion,
  completeStep,
  failSaga,
  type SagaTransition,
  startSaga,
  withStatus,
} from './saga-transitions.js';

/** What a {@link SagaRuntime} works with. */
export interface SagaRuntimeDependencies {
  /** The app's MikroORM EntityManager (PostgreSQL); tables migrated with `migrateSagas`. */
  readonly em: EntityManager;
  /** PostgreSQL schema of the saga tables. @default 'public' */
  readonly schema?: string;
  /** Stores the commands sagas send (each must be registered). */
  readonly registry: CommandTypeRegistry;
  /** Schedules step timeouts. */
  readonly scheduler: CommandScheduler;
  /** Roles of the saga principal the commands run as. @default [] */
  readonly roles?: readonly string[];
  /** Brings stored events to their current schema before the saga sees them. @default as stored */
  readonly upcast?: (event: StoredEvent) => StoredEvent;
  /** @default new SystemClock() */
  readonly clock?: Clock;
  /** Ids of recorded commands. @default UUIDv7 */
  readonly ids?: IdGenerator;
}

/**
 * The saga state machine on PostgreSQL: applies events, command outcomes, timeouts and admin
 * decisions to instances, recording the commands to send in the same transaction. Every method
 * runs inside the caller's MikroORM transaction (the processor's unit of work, the dispatcher's
 * or the scheduler's transaction) and locks the instance row it changes.
 */
export class SagaRuntime {
  /** The instances table. */
  readonly instances: SagaInstanceStore;
  /** The commands table. */
  readonly commands: SagaCommandStore;
  private readonly definitions = new Map<string, AnySagaDefinition>();
  private readonly clock: Clock;
  private readonly ids: IdGenerator;

  constructor(private readonly dependencies: SagaRuntimeDependencies) {
    this.instances = new SagaInstanceStore(dependencies.em, dependencies.schema);
    this.commands = new SagaCommandStore(dependencies.em, dependencies.schema);
    this.clock = dependencies.clock ?? new SystemClock();
    this.ids = dependencies.ids ?? new UuidV7IdGenerator();
    dependencies.registry.register(SagaTimeoutCommand);
  }

  /**
   * Adds a saga definition.
   * @throws SagasConfigurationError when a saga of that name is registered
   */
  register(definition: AnySagaDefinition): void {
    if (this.definitions.has(definition.name)) {
      throw new SagasConfigurationError(
        `A saga named "${definition.name}" is registered already: saga names key their instances and must be unique.`,
      );
    }
    this.definitions.set(definition.name, definition);
  }

  /** The registered definition of `name`, or `undefined`. */
  definition(name: string): AnySagaDefinition | undefined {
    return this.definitions.get(name);
  }

  /** Names of the registered sagas. */
  names(): string[] {
    return [...this.definitions.keys()];
  }

  /** Applies a stored event of the log to saga `name`: starts, advances or fails an instance. */
  async handleEvent(name: string, stored: StoredEvent): Promise<void> {
    const definition = this.require(name);
    const event = this.dependencies.upcast ? this.dependencies.upcast(stored) : stored;
    if (definition.start.types.includes(event.type)) {
      const sagaId = definition.start.correlate(event);
      if (sagaId !== undefined && !(await this.instances.find(name, sagaId))) {
        const transition = startSaga(definition, sagaId, event, this.clock.now());
        // A concurrent start of the same id loses here: starting is idempotent.
        if (await this.instances.insert(transition.instance)) {
          await this.record(definition, transition, event.eventId);
        }
        return;
      }
    }
    for (const [index, step] of definition.steps.entries()) {
      const completes = step.completedTypes.includes(event.type);
      if (!completes && !step.failedTypes.includes(event.type)) continue;
      const sagaId = (step.correlate ?? ((e: StoredEvent) => e.streamId))(event);
      if (sagaId === undefined) continue;
      const instance = await this.instances.lock(name, sagaId);
      if (!instance || instance.stepIndex !== index) continue;
      // An instance only ever listens to events of its own tenant.
      if ((instance.tenantId ?? null) !== (event.metadata.tenantId ?? null)) continue;
      const now = this.clock.now();
      if (instance.status !== 'running') {
        if (completes && isLateCompletion(instance, step)) {
          await this.record(
            definition,
            compensateLateStep(definition, instance, event, now),
            event.eventId,
          );
        }
        return;
      }
      const transition = completes
        ? completeStep(definition, instance, event, now)
        : beginCompensation(definition, instance, `step "${step.name}" failed: ${event.type}`, now);
      await this.record(definition, transition, event.eventId);
      return;
    }
  }

  /** A command was dispatched (same transaction): ends a compensation once nothing is left. */
  async commandDispatched(record: SagaCommandRecord): Promise<void> {
    if (record.kind !== 'compensation') return;
    const definition = this.definitions.get(record.sagaName);
    const instance = await this.instances.lock(record.sagaName, record.sagaId);
    if (!definition || instance?.status !== 'compensating') return;
    if ((await this.commands.countPending(record.sagaName, record.sagaId)) > 0) return;
    await this.record(definition, withStatus(instance, 'compensated', this.clock.now()), record.id);
  }

  /**
   * A command failed for good (already marked failed, same transaction): a step's command
   * compensates the instance; a compensation command fails it.
   */
  async commandFailed(record: SagaCommandRecord, error: string): Promise<void> {
    const definition = this.definitions.get(record.sagaName);
    const instance = await this.instances.lock(record.sagaName, record.sagaId);
    if (!definition || !instance) return;
    const what = `command ${record.commandType}`;
    const now = this.clock.now();
    if (record.kind === 'step') {
      if (instance.status !== 'running' || instance.step !== record.step) return;
      const reason = `${what} of step "${record.step}" failed: ${error}`;
      await this.record(
        definition,
        beginCompensation(definition, instance, reason, now),
        record.id,
      );
    } else if (instance.status === 'compensating') {
      const reason = `compensation ${what} failed: ${error}`;
      await this.record(definition, failSaga(instance, reason, now), record.id);
    }
  }

  /** A step's timeout fired: the step fails and the instance compensates (if still at it). */
  async timeout(command: SagaTimeoutCommand, causationId?: string): Promise<void> {
    const definition = this.definitions.get(command.sagaName);
    const instance = await this.instances.lock(command.sagaName, command.sagaId);
    if (!definition || instance?.status !== 'running' || instance.step !== command.step) return;
    const step = definition.steps[instance.stepIndex]!;
    const reason =
      step.timeout?.reason ?? `step "${step.name}" timed out after ${step.timeout?.afterMs} ms`;
    const transition = beginCompensation(definition, instance, reason, this.clock.now());
    await this.record(definition, { ...transition, cancelTimeout: undefined }, causationId);
  }

  /**
   * Compensates a running instance now (admin).
   * @throws SagaNotFoundError for an unknown saga or instance
   * @throws SagaStateError unless the instance is running
   */
  async forceCompensation(name: string, sagaId: string, reason: string): Promise<void> {
    const { definition, instance } = await this.lockExisting(name, sagaId);
    if (instance.status !== 'running') {
      throw new SagaStateError(name, sagaId, instance.status, 'only running instances compensate');
    }
    const transition = beginCompensation(definition, instance, reason, this.clock.now());
    await this.record(definition, transition);
  }

  /**
   * Sends the failed compensation command of a failed instance again, and the ones after it
   * (admin): the instance is compensating again.
   * @throws SagaNotFoundError for an unknown saga or instance
   * @throws SagaStateError unless the instance failed
   */
  async retry(name: string, sagaId: string): Promise<void> {
    const { definition, instance } = await this.lockExisting(name, sagaId);
    if (instance.status !== 'failed') {
      throw new SagaStateError(name, sagaId, instance.status, 'only failed instances are retried');
    }
    await this.commands.reopenFailed(name, sagaId);
    await this.record(definition, withStatus(instance, 'compensating', this.clock.now()));
  }

  /** The request context commands of `instance` run in: its tenant, as the saga principal. */
  commandContext(
    instance: Pick<SagaInstance, 'sagaName' | 'tenantId' | 'correlationId'>,
  ): RequestContextState {
    const principal: Principal = {
      id: `saga:${instance.sagaName}`,
      ...(instance.tenantId !== undefined && { tenantId: instance.tenantId }),
      roles: [...(this.dependencies.roles ?? [])],
      authMethod: 'system',
    };
    return {
      correlationId: instance.correlationId,
      principal,
      ...(instance.tenantId !== undefined && { tenantId: instance.tenantId }),
    };
  }

  private async lockExisting(name: string, sagaId: string) {
    const definition = this.definitions.get(name);
    const instance = definition && (await this.instances.lock(name, sagaId));
    if (!definition || !instance) throw new SagaNotFoundError(name, sagaId);
    return { definition, instance };
  }

  private async record(
    definition: AnySagaDefinition,
    transition: SagaTransition<Record<string, unknown>>,
    causationId?: string,
  ): Promise<void> {
    const { instance } = transition;
    if (instance.version > 1) await this.instances.update(instance);
    if (transition.cancelAllPending)
      await this.commands.cancelPending(instance.sagaName, instance.sagaId);
    else if (transition.cancelPendingSteps) {
      await this.commands.cancelPending(instance.sagaName, instance.sagaId, 'step');
    }
    // The trace of the event (or admin request) being handled: dispatches and timeouts continue it.
    const traceparent = currentTraceparent();
    const commands = transition.commands.map(({ kind, step, command }) => {
      const { type, data } = this.dependencies.registry.serialize(command);
      return {
        id: this.ids.newId(),
        sagaName: definition.name,
        sagaId: instance.sagaId,
        ...(instance.tenantId !== undefined && { tenantId: instance.tenantId }),
        kind,
        ...(step !== undefined && { step }),
        commandType: type,
        commandData: data,
        correlationId: instance.correlationId,
        ...(causationId !== undefined && { causationId }),
        ...(traceparent !== undefined && { traceparent }),
      };
    });
    await this.commands.insert(commands);
    const { cancelTimeout, scheduleTimeout } = transition;
    if (cancelTimeout || scheduleTimeout) {
      const context = { ...this.commandContext(instance), causationId, traceparent };
      await runInContext(context, async () => {
        const { scheduler } = this.dependencies;
        if (cancelTimeout) {
          await scheduler.cancel(sagaTimeoutKey(definition.name, instance.sagaId, cancelTimeout));
        }
        if (scheduleTimeout) {
          const { step, afterMs } = scheduleTimeout;
          await scheduler.schedule(
            new SagaTimeoutCommand(definition.name, instance.sagaId, step),
            { delayMs: afterMs },
            { key: sagaTimeoutKey(definition.name, instance.sagaId, step) },
          );
        }
      });
    }
  }

  private require(name: string): AnySagaDefinition {
    const definition = this.definitions.get(name);
    if (!definition) {
      throw new SagasConfigurationError(`No saga named "${name}" is registered with the runtime.`);
    }
    return definition;
  }
}
