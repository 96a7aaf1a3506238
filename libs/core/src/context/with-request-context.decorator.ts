import { copyMethodMetadata } from 'nestjs-cls';
import type { RequestContextState } from './request-context-state.js';
import { currentRequestContext, runInContext } from './request-context-scope.js';

/** Options of {@link WithRequestContext}. */
export interface WithRequestContextOptions<TArgs extends unknown[]> {
  /**
   * Builds the context from the method's arguments (called with the instance as `this`), e.g.
   * `(envelope) => contextFromEventMetadata(envelope.metadata, envelope.eventId)` in a worker.
   * A correlation id is generated when the result has none.
   * @default the caller's context when there is one, else a fresh context with a new correlation id
   */
  from?: (...args: TArgs) => RequestContextState | undefined;
}

/**
 * Runs the decorated method in its own request context: the entry-point decorator for code
 * that no HTTP request reaches (scheduled jobs, message consumers, CLI commands, workers).
 * Works on sync and async methods; metadata of other method decorators is kept.
 */
export function WithRequestContext<TArgs extends unknown[] = unknown[]>(
  options: WithRequestContextOptions<TArgs> = {},
): MethodDecorator {
  return (_target, propertyKey, descriptor: PropertyDescriptor) => {
    const original: unknown = descriptor.value;
    if (typeof original !== 'function') {
      throw new TypeError(`@WithRequestContext() needs a method, "${String(propertyKey)}" is not.`);
    }
    const wrapped = function (this: unknown, ...args: TArgs): unknown {
      const state = options.from?.apply(this, args) ?? currentRequestContext() ?? {};
      return runInContext(state, () => original.apply(this, args));
    };
    Object.defineProperty(wrapped, 'name', { value: original.name });
    copyMethodMetadata(original, wrapped);
    descriptor.value = wrapped;
  };
}
