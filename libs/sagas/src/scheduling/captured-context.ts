import { currentRequestContext, type Principal, type RequestContextState } from '@cqrs-ddd/core';

/**
 * The part of the request context stored with a scheduled command or a job and restored when it
 * runs: who asked, for which tenant, in which correlation.
 */
export interface CapturedContext {
  readonly tenantId?: string;
  readonly principal?: Principal;
  readonly actorId?: string;
  readonly correlationId?: string;
  readonly traceparent?: string;
}

/** The caller's {@link CapturedContext} (empty outside any request context), as plain JSON. */
export function captureContext(): CapturedContext {
  const state = currentRequestContext();
  if (!state) return {};
  const { tenantId, principal, actorId, correlationId, traceparent } = state;
  const captured: CapturedContext = { tenantId, principal, actorId, correlationId, traceparent };
  return JSON.parse(JSON.stringify(captured)) as CapturedContext;
}

/**
 * The request context a stored command or job runs in: the captured one, with `messageId` as the
 * id of the message being handled — so a command executed inside has it as causation id.
 */
export function restoredContext(captured: CapturedContext, messageId: string): RequestContextState {
  return { ...captured, messageId, causationId: undefined };
}
