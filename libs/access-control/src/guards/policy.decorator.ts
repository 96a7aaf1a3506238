import { SetMetadata } from '@nestjs/common';
import { assertConcreteAction } from '../enforcement/authorize.decorator.js';
import type { AccessResource } from '../policies/access-policy.js';
import type { GuardedCall } from './guarded-call.js';

/** Names the resource a guarded call acts on, from its request, arguments or payload. */
export type PolicyResourceResolver = (
  call: GuardedCall,
) => AccessResource | undefined | Promise<AccessResource | undefined>;

/** What {@link Policy} declared on a class or method. */
export interface PolicyRequirement {
  /** The action, `<resource>:<verb>`. */
  readonly action: string;
  /** Resolves the resource acted on; absent: no resource. */
  readonly resource?: PolicyResourceResolver;
}

/** Metadata key set by {@link Policy}. */
export const POLICY_REQUIREMENT = 'cqrs-ddd:access-control:policy';

/**
 * Requires the caller of a controller, resolver, gateway or message handler to be allowed
 * `action` on the resource `resource` resolves (RBAC, the applicable policies, the PDP),
 * checked by `AccessGuard` before the handler runs. When a policy has a condition on the
 * resource and the resolver gives its id without attributes, they are loaded through the
 * type's `@ResourceLoader`. Without a resource id, conditions on resource attributes do not
 * deny here (lists push them down with `AccessScope`). On the class and on a method, both
 * apply.
 *
 * @example
 * @Policy('order:confirm', ({ request }) => ({ type: 'Order', id: (request as Request).params.id }))
 * @Post(':id/confirm') confirm() { ... }
 * @throws AccessControlConfigurationError when `action` is not a concrete action.
 */
export function Policy(
  action: string,
  resource?: PolicyResourceResolver,
): ClassDecorator & MethodDecorator {
  assertConcreteAction(action, '@Policy()');
  return SetMetadata(POLICY_REQUIREMENT, Object.freeze({ action, resource }));
}
