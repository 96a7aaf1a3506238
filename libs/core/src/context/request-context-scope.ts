import { ClsServiceManager } from 'nestjs-cls';
import { UuidV7IdGenerator } from '../adapters/uuid-v7-id-generator.adapter.js';
import { MissingContextError } from '../errors/missing-context.error.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import { REQUEST_CONTEXT_KEY, type RequestContextState } from './request-context-state.js';

type Store = Record<symbol, unknown>;

/**
 * nestjs-cls keeps one AsyncLocalStorage per process (shared by all copies of the package),
 * so these helpers work inside and outside Nest's dependency injection alike.
 */
const cls = ClsServiceManager.getClsService<Store>();
const defaultIds: IdGenerator = new UuidV7IdGenerator();

/** The request context of the caller, or `undefined` outside any context. */
export function currentRequestContext(): RequestContextState | undefined {
  const store = cls.get() as Store | undefined;
  return store?.[REQUEST_CONTEXT_KEY] as RequestContextState | undefined;
}

/**
 * Runs `fn` in a new scope whose request context is exactly `state` (a correlation id is
 * generated when `state` has none). Other values of an enclosing nestjs-cls scope stay visible;
 * nothing set inside leaks out. Entry points without HTTP (jobs, consumers, CLI) use it.
 */
export function runInContext<T>(
  state: RequestContextState,
  fn: () => T,
  ids: IdGenerator = defaultIds,
): T {
  const complete = state.correlationId ? state : { ...state, correlationId: ids.newId() };
  return runWithState(complete, fn);
}

/** Runs `fn` with `state` as request context, as is (no defaults filled in). */
export function runWithState<T>(state: RequestContextState, fn: () => T): T {
  const store = cls.get() as Store | undefined;
  return cls.runWith({ ...store, [REQUEST_CONTEXT_KEY]: state }, fn);
}

/**
 * Replaces values of the caller's request context, for the rest of the current scope.
 * Throws `MissingContextError` outside any context.
 */
export function updateRequestContext(patch: Partial<RequestContextState>): void {
  const store = cls.get() as Store | undefined;
  const current = store?.[REQUEST_CONTEXT_KEY] as RequestContextState | undefined;
  if (!store || !current) throw new MissingContextError('request context');
  store[REQUEST_CONTEXT_KEY] = { ...current, ...patch };
}

/** Mutable holder of a message's ids, filled by {@link runAsMessage}. */
export interface MessageIdsTarget {
  messageId: string | undefined;
  correlationId: string | undefined;
  causationId: string | undefined;
}

/**
 * Runs `fn` in a child scope for handling the message `messageId` (see
 * {@link deriveMessageContext}) and copies the derived ids into `target` first.
 */
export function runAsMessage<T>(messageId: string, target: MessageIdsTarget, fn: () => T): T {
  const store = cls.get() as Store | undefined;
  const state = deriveMessageContext(
    store?.[REQUEST_CONTEXT_KEY] as RequestContextState | undefined,
    messageId,
  );
  target.messageId = messageId;
  target.correlationId = state.correlationId;
  target.causationId = state.causationId;
  return cls.runWith({ ...store, [REQUEST_CONTEXT_KEY]: state }, fn);
}

/**
 * The context of a message handled inside `parent`: a new message id, the parent's
 * correlation id (or the message's own id for a root message), and the parent's message as
 * cause.
 */
export function deriveMessageContext(
  parent: RequestContextState | undefined,
  messageId: string,
): RequestContextState {
  return {
    ...parent,
    messageId,
    correlationId: parent?.correlationId ?? messageId,
    causationId: parent?.messageId,
  };
}
