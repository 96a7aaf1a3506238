import type { Principal } from '../domain/principal.js';

/**
 * What the request context holds. Set once at every entry point (HTTP middleware, interceptor,
 * `@WithRequestContext()`, `runInContext`) and narrowed per message by the pipeline's context
 * step; read through {@link RequestContext}. Immutable: changes replace the object in the
 * current scope only, so a nested scope never leaks into its parent.
 */
export interface RequestContextState {
  /** Shared by everything caused by one external request (or one job run). */
  readonly correlationId?: string;
  /** Id of the message (command, query or event) that caused the one being handled. */
  readonly causationId?: string;
  /** Id of the message (command, query or event) being handled right now. */
  readonly messageId?: string;
  /** Tenant the work runs for. */
  readonly tenantId?: string;
  /** Authenticated caller. */
  readonly principal?: Principal;
  /**
   * Id of the principal on whose behalf the work runs, when no full principal is available
   * (restored from event metadata in workers). `principal.id` wins when both are set.
   */
  readonly actorId?: string;
  /** W3C trace context (`traceparent` header value) of the operation. */
  readonly traceparent?: string;
  /**
   * Network address of the caller as the HTTP platform reports it (`req.ip`: Express and
   * Fastify apply their `trust proxy` settings; else the socket's remote address). Set by the
   * HTTP middleware and interceptor; recorded in audit entries.
   */
  readonly clientAddress?: string;
  /** `User-Agent` header of the request (at most 512 characters); recorded in audit entries. */
  readonly userAgent?: string;
}

/** Key of the {@link RequestContextState} inside the nestjs-cls store. */
export const REQUEST_CONTEXT_KEY: unique symbol = Symbol.for('cqrs-ddd:request-context');
