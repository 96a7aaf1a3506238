import type { StoredEvent } from '@cqrs-ddd/core';
import type { SagaDefinition } from './saga-definition.js';
import type { SagaCommandKind, SagaInstance } from './saga-instance.js';

/** A command an instance sends, before it is serialised and recorded. */
export interface PlannedSagaCommand {
  readonly kind: SagaCommandKind;
  /** Step it runs or undoes; `undefined` for the undo of the start. */
  readonly step?: string;
  readonly command: object;
}

/** What a transition changes: the new instance and what to record, schedule or cancel. */
export interface SagaTransition<S> {
  readonly instance: SagaInstance<S>;
  /** Commands to record, in order. */
  readonly commands: readonly PlannedSagaCommand[];
  /** Timeout to schedule for the step just started. */
  readonly scheduleTimeout?: { readonly step: string; readonly afterMs: number };
  /** Step whose timeout is to be cancelled. */
  readonly cancelTimeout?: string;
  /** Cancel the instance's step commands not dispatched yet. */
  readonly cancelPendingSteps?: boolean;
  /** Cancel every pending command of the instance. */
  readonly cancelAllPending?: boolean;
}

type Definition<S> = SagaDefinition<S>;

/** A new instance for `event`, with its first step started. */
export function startSaga<S>(
  definition: Definition<S>,
  sagaId: string,
  event: StoredEvent,
  now: Date,
): SagaTransition<S> {
  const instance: SagaInstance<S> = {
    sagaName: definition.name,
    sagaId,
    ...(event.metadata.tenantId !== undefined && { tenantId: event.metadata.tenantId }),
    status: 'running',
    stepIndex: 0,
    completedSteps: [],
    state: definition.start.init(event),
    version: 1,
    correlationId: event.metadata.correlationId ?? event.eventId,
    createdAt: now,
    updatedAt: now,
  };
  return enterStep(definition, instance, 0, now);
}

/** The current step completed by `event`: its state applied, then the next step (or the end). */
export function completeStep<S>(
  definition: Definition<S>,
  instance: SagaInstance<S>,
  event: StoredEvent,
  now: Date,
): SagaTransition<S> {
  const step = definition.steps[instance.stepIndex]!;
  const state = step.apply ? step.apply(instance.state, event) : instance.state;
  const next: SagaInstance<S> = {
    ...instance,
    state,
    completedSteps: [...instance.completedSteps, step.name],
    version: instance.version + 1,
    updatedAt: now,
  };
  const cancelTimeout = step.timeout ? step.name : undefined;
  if (instance.stepIndex + 1 >= definition.steps.length) {
    return { instance: { ...next, status: 'completed' }, commands: [], cancelTimeout };
  }
  return { ...enterStep(definition, next, instance.stepIndex + 1, now), cancelTimeout };
}

/**
 * Compensation of a running instance: the undo commands of its completed steps in reverse
 * order, then the undo of the start; `compensated` at once when there is nothing to undo.
 */
export function beginCompensation<S>(
  definition: Definition<S>,
  instance: SagaInstance<S>,
  reason: string,
  now: Date,
): SagaTransition<S> {
  const commands: PlannedSagaCommand[] = [];
  for (const name of [...instance.completedSteps].reverse()) {
    const step = definition.steps.find((candidate) => candidate.name === name);
    if (step?.compensate) {
      commands.push({ kind: 'compensation', step: name, command: step.compensate(instance.state) });
    }
  }
  if (definition.compensateStart) {
    commands.push({ kind: 'compensation', command: definition.compensateStart(instance.state) });
  }
  const current = definition.steps[instance.stepIndex];
  return {
    instance: {
      ...instance,
      status: commands.length > 0 ? 'compensating' : 'compensated',
      reason,
      version: instance.version + 1,
      updatedAt: now,
    },
    commands,
    cancelTimeout: current?.timeout ? current.name : undefined,
    cancelPendingSteps: true,
  };
}

/**
 * The step that was in flight when compensation began completed after all (its command had
 * run; its completing event came late): the step is recorded as completed and its undo is
 * sent after the compensation already recorded, so nothing it did stays un-compensated.
 */
export function compensateLateStep<S>(
  definition: Definition<S>,
  instance: SagaInstance<S>,
  event: StoredEvent,
  now: Date,
): SagaTransition<S> {
  const step = definition.steps[instance.stepIndex]!;
  const state = step.apply ? step.apply(instance.state, event) : instance.state;
  return {
    instance: {
      ...instance,
      state,
      status: 'compensating',
      completedSteps: [...instance.completedSteps, step.name],
      version: instance.version + 1,
      updatedAt: now,
    },
    commands: step.compensate
      ? [{ kind: 'compensation', step: step.name, command: step.compensate(state) }]
      : [],
  };
}

/** A compensating instance whose compensation command failed: `failed`, nothing more sent. */
export function failSaga<S>(
  instance: SagaInstance<S>,
  reason: string,
  now: Date,
): SagaTransition<S> {
  return {
    instance: {
      ...instance,
      status: 'failed',
      reason,
      version: instance.version + 1,
      updatedAt: now,
    },
    commands: [],
    cancelAllPending: true,
  };
}

/** A changed instance with no command to record (e.g. compensation done). */
export function withStatus<S>(
  instance: SagaInstance<S>,
  status: SagaInstance['status'],
  now: Date,
): SagaTransition<S> {
  return {
    instance: { ...instance, status, version: instance.version + 1, updatedAt: now },
    commands: [],
  };
}

function enterStep<S>(
  definition: Definition<S>,
  instance: SagaInstance<S>,
  index: number,
  now: Date,
): SagaTransition<S> {
  const step = definition.steps[index]!;
  const entered: SagaInstance<S> = {
    ...instance,
    stepIndex: index,
    step: step.name,
    updatedAt: now,
  };
  return {
    instance: entered,
    commands: step.command
      ? [{ kind: 'step', step: step.name, command: step.command(entered.state) }]
      : [],
    ...(step.timeout && { scheduleTimeout: { step: step.name, afterMs: step.timeout.afterMs } }),
  };
}

/**
 * Whether a completing event of `step` arrives after compensation began while the step was in
 * flight (a timeout or a forced compensation): its effect must be undone too.
 */
export function isLateCompletion(
  instance: SagaInstance,
  step: { readonly name: string; readonly compensate?: unknown },
): boolean {
  return (
    (instance.status === 'compensating' || instance.status === 'compensated') &&
    step.compensate !== undefined &&
    !instance.completedSteps.includes(step.name)
  );
}
