import { Authorize } from '@cqrs-ddd/access-control';

/**
 * Permission of {@link SagaTimeoutCommand}. With `@cqrs-ddd/access-control` in the app, the
 * roles given to the saga principal (`SagasModule.forRoot({ roles })`) must grant it, or the
 * timeouts of its steps fail (logged by the scheduler) and never fire.
 */
export const SAGAS_TIMEOUT_PERMISSION = 'sagas:timeout';

/**
 * Internal command a saga schedules (through the `CommandScheduler`) when a step with a timeout
 * starts; cancelled when the step ends first. Executed at the deadline, it fails the step, and the
 * saga compensates. Registered with the command type registry by `SagasModule`.
 */
@Authorize(SAGAS_TIMEOUT_PERMISSION)
export class SagaTimeoutCommand {
  /** Stable stored type. */
  static readonly type = 'cqrs-ddd.saga-timeout';

  constructor(
    /** Name of the saga. */
    readonly sagaName: string,
    /** Id of the instance. */
    readonly sagaId: string,
    /** Step whose time ran out. */
    readonly step: string,
  ) {}
}

/** Scheduler key of the timeout of `step` of an instance: `saga:<name>:<id>:<step>`. */
export function sagaTimeoutKey(sagaName: string, sagaId: string, step: string): string {
  return `saga:${sagaName}:${sagaId}:${step}`;
}
