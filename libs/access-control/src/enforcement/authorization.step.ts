import {
  currentRequestContext,
  type PipelineContext,
  type PipelineNext,
  PipelineStep,
  type PipelineStepHandler,
  PipelineStepOrder,
} from '@cqrs-ddd/core';
import { AccessControlSettings } from '../module/access-control.settings.js';
import type { AccessResource } from '../policies/access-policy.js';
import { AccessEnforcer } from './access-enforcer.js';
import { authorizationOf, resourceOf } from './authorize.decorator.js';

/** Key of the {@link AuditTarget} in `PipelineContext.metadata`. */
export const AUDIT_TARGET_KEY = 'auditTarget';

/**
 * What a message does to which resource, as its `@Authorize(...)` declares it: the action and,
 * when the resource is named by id, its type and id. Audit trails use it as the entry's action
 * and resource.
 */
export interface AuditTarget {
  readonly action: string;
  readonly resource?: { readonly type: string; readonly id: string };
}

function auditTargetOf(action: string, resource: AccessResource | undefined): AuditTarget {
  return resource?.id === undefined
    ? { action }
    : { action, resource: { type: resource.type, id: resource.id } };
}

/**
 * The pipeline's authorization slot (order 400): every command and query is checked at the
 * bus, whatever its entry point (REST, GraphQL, broker consumers, workers, CLI), for the
 * principal of the request context.
 *
 * - A message class without `@Authorize(...)` follows the module option `defaultDecision`:
 *   `'deny'` (the default) refuses it with a `ForbiddenError` naming the class;
 *   `'allow'` lets it through unchecked.
 * - A declared message: RBAC and the applicable policies must allow its action on its
 *   resource; the resource's attributes are loaded through its `@ResourceLoader` only when a
 *   policy condition needs them (see `AccessEnforcer`). No principal: `UnauthenticatedError`.
 *
 * Denials are reported to the `AccessDeniedListener`s (the audit hook) before they are thrown.
 * For a declared message, the step leaves the audit target in `context.metadata.auditTarget`
 * (`{ action, resource? }`, see {@link AuditTarget}) for the audit step of `@cqrs-ddd/audit`.
 */
@PipelineStep({ name: 'authorization', order: PipelineStepOrder.AUTHORIZATION })
export class AuthorizationStep implements PipelineStepHandler {
  constructor(
    private readonly settings: AccessControlSettings,
    private readonly enforcer: AccessEnforcer,
  ) {}

  async handle(context: PipelineContext, next: PipelineNext): Promise<unknown> {
    const messageClass = context.message.constructor;
    const requirement = authorizationOf(messageClass);
    const principal = currentRequestContext()?.principal;
    if (requirement === undefined) {
      if (this.settings.defaultDecision === 'allow') return next();
      return this.enforcer.deny(
        principal,
        context.messageType,
        undefined,
        `the ${context.kind} ${messageClass.name} ("${context.messageType}") declares no access ` +
          `requirement: add @Authorize('<resource>:<verb>') to the ${messageClass.name} class`,
      );
    }
    const resource = resourceOf(requirement, context.message);
    context.metadata[AUDIT_TARGET_KEY] = auditTargetOf(requirement.action, resource);
    await this.enforcer.enforce(principal, requirement.action, resource, {
      filter: requirement.filter,
    });
    return next();
  }
}
