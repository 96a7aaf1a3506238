/**
 * Where an instance is: `running` (a step is under way), `compensating` (undoing completed
 * steps), or one of the terminal `completed`, `compensated` and `failed` (a compensation command
 * failed; see `reason`).
 */
export type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated' | 'failed';

/** Statuses an instance never leaves (except through an admin retry of a `failed` one). */
export const TERMINAL_SAGA_STATUSES: readonly SagaStatus[] = ['completed', 'compensated', 'failed'];

/** One instance of a saga, as stored. */
export interface SagaInstance<S = Record<string, unknown>> {
  /** Name of the saga. */
  readonly sagaName: string;
  /** Id of the instance (what the starting event correlated to). */
  readonly sagaId: string;
  /** Tenant of the starting event; every command of the instance runs for it. */
  readonly tenantId?: string;
  readonly status: SagaStatus;
  /** Index of the current step (running), or of the step that failed (compensating onwards). */
  readonly stepIndex: number;
  /** Name of that step. */
  readonly step?: string;
  /** Names of the completed steps, in order (compensated in reverse). */
  readonly completedSteps: readonly string[];
  /** The saga's state (plain JSON). */
  readonly state: S;
  /** Incremented by every change. */
  readonly version: number;
  /** Why it compensated or failed. */
  readonly reason?: string;
  /** Correlation id of the starting event, shared by every command the instance sends. */
  readonly correlationId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * Lifecycle of a command a saga sent: `pending` until dispatched through the command bus,
 * `dispatched` once executed (in the transaction of its effect), `failed` (a non-transient
 * error; see `error`), `cancelled` (not sent: the instance compensated or failed first).
 */
export type SagaCommandStatus = 'pending' | 'dispatched' | 'failed' | 'cancelled';

/** Why a saga sends a command: to run a step, or to undo one (or the start). */
export type SagaCommandKind = 'step' | 'compensation';

/** A command a saga recorded, as stored (`saga_commands`). */
export interface SagaCommandRecord {
  /** Unique id: the causation id of what the command does. */
  readonly id: string;
  /** Order of recording (global). */
  readonly seq: number;
  readonly sagaName: string;
  readonly sagaId: string;
  readonly tenantId?: string;
  readonly kind: SagaCommandKind;
  /** The step it runs or undoes (`undefined` for the undo of the start). */
  readonly step?: string;
  /** Registered type of the command. */
  readonly commandType: string;
  /** The command's data. */
  readonly commandData: Record<string, unknown>;
  readonly correlationId: string;
  /** Id of the message (event, command) that made the saga record it. */
  readonly causationId?: string;
  /** W3C trace context it was recorded in: its dispatch continues that trace. */
  readonly traceparent?: string;
  readonly status: SagaCommandStatus;
  /** Dispatches that ended in a transient failure. */
  readonly attempts: number;
  readonly error?: string;
  readonly createdAt: Date;
  readonly dispatchedAt?: Date;
}
