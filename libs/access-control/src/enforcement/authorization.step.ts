import {
  currentRequestContext,
  type PipelineContext,
  type PipelineNext,
  PipelineStep,
  type PipelineStepHandler,
  PipelineStepOrder,
} from '@cqrs-ddd/core';
import { AccessControlSettings } from '../module/access-control.settings.js';
import { AccessEnforcer } from './access-enforcer.js';
import { authorizationOf, resourceOf } from './authorize.decorator.js';

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
    await this.enforcer.enforce(
      principal,
      requirement.action,
      resourceOf(requirement, context.message),
      { filter: requirement.filter },
    );
    return next();
  }
}
