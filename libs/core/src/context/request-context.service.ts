import { Injectable } from '@nestjs/common';
import type { Principal } from '../domain/principal.js';
import { MissingContextError } from '../errors/missing-context.error.js';
import type { RequestContextState } from './request-context-state.js';
import { currentRequestContext, updateRequestContext } from './request-context-scope.js';

/**
 * Typed access to the request context (tenant, principal, correlation, causation, trace) of the
 * current async scope. Getters return `undefined` when a value (or the whole context) is absent;
 * `require*` variants throw `MissingContextError` (code `MISSING_CONTEXT`) instead.
 *
 * Entry points (the HTTP middleware, `RequestContextInterceptor`, `@WithRequestContext()`,
 * `runInContext`) create the context; authentication and tenancy code fills it with
 * {@link setPrincipal} / {@link setTenantId}. Domain and application code only reads.
 */
@Injectable()
export class RequestContext {
  /** True when the caller runs inside a request context. */
  get isActive(): boolean {
    return currentRequestContext() !== undefined;
  }

  /** The whole (immutable) context, or `undefined` outside one. */
  get state(): RequestContextState | undefined {
    return currentRequestContext();
  }

  /** Id shared by everything one external request (or job run) causes. */
  get correlationId(): string | undefined {
    return currentRequestContext()?.correlationId;
  }

  /** Id of the message that caused the one being handled. */
  get causationId(): string | undefined {
    return currentRequestContext()?.causationId;
  }

  /** Id of the command, query or event being handled. */
  get messageId(): string | undefined {
    return currentRequestContext()?.messageId;
  }

  /** Tenant the work runs for. */
  get tenantId(): string | undefined {
    return currentRequestContext()?.tenantId;
  }

  /** Authenticated caller. */
  get principal(): Principal | undefined {
    return currentRequestContext()?.principal;
  }

  /** Id of who the work runs for: the principal's id, else an actor restored from event metadata. */
  get actorId(): string | undefined {
    const state = currentRequestContext();
    return state?.principal?.id ?? state?.actorId;
  }

  /** W3C `traceparent` of the operation. */
  get traceparent(): string | undefined {
    return currentRequestContext()?.traceparent;
  }

  /** The correlation id; throws `MissingContextError` when absent. */
  requireCorrelationId(): string {
    return required('correlationId', this.correlationId);
  }

  /** The tenant id; throws `MissingContextError` when absent. */
  requireTenantId(): string {
    return required('tenantId', this.tenantId);
  }

  /** The principal; throws `MissingContextError` when absent. */
  requirePrincipal(): Principal {
    return required('principal', this.principal);
  }

  /** The actor id; throws `MissingContextError` when absent. */
  requireActorId(): string {
    return required('actorId', this.actorId);
  }

  /** Sets the tenant for the rest of the current scope. Throws outside a context. */
  setTenantId(tenantId: string): void {
    updateRequestContext({ tenantId });
  }

  /** Sets the authenticated principal for the rest of the current scope. Throws outside a context. */
  setPrincipal(principal: Principal): void {
    updateRequestContext({ principal });
  }

  /** Replaces several values at once for the rest of the current scope. Throws outside a context. */
  update(patch: Partial<RequestContextState>): void {
    updateRequestContext(patch);
  }
}

function required<T>(key: string, value: T | undefined): T {
  if (value === undefined) throw new MissingContextError(key);
  return value;
}
