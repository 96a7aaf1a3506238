/** Which bus a message went through. */
export type MessageKind = 'command' | 'query';

/**
 * What every pipeline step sees about the message being executed. One object per execution,
 * shared by all steps (and by every retry attempt): steps communicate through `metadata`.
 */
export interface PipelineContext {
  /** `command` (CommandBus) or `query` (QueryBus). */
  readonly kind: MessageKind;
  /** The command or query instance, as passed to `execute`. */
  readonly message: object;
  /** The class's `static type` string when it declares one, else the class name. */
  readonly messageType: string;
  /** Id of this execution; set by the context step (order 100), `undefined` before it. */
  messageId: string | undefined;
  /** Correlation id; set by the context step. */
  correlationId: string | undefined;
  /** Id of the message that caused this one (`undefined` for a root message); set by the context step. */
  causationId: string | undefined;
  /** 1-based attempt number; the retry step raises it before each new attempt. */
  attempt: number;
  /**
   * Free-form bag for steps and callers: starts with what `withMessageMetadata` attached to
   * the message (e.g. `idempotencyKey`); steps add facts (e.g. `idempotentReplay`).
   */
  readonly metadata: Record<string, unknown>;
}

/** Type name of a message: its class's `static type` string when declared, else the class name. */
export function messageTypeName(message: object): string {
  const type = (message.constructor as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type : (message.constructor?.name ?? 'Object');
}
