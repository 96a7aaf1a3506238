import { SetMetadata } from '@nestjs/common';
import { assertConcreteAction } from '../enforcement/authorize.decorator.js';

/** Metadata key set by {@link RequirePermissions}. */
export const REQUIRED_PERMISSIONS = 'cqrs-ddd:access-control:require-permissions';

/**
 * Requires every one of `permissions` (actions such as `order:confirm`) from the caller of a
 * controller, resolver, gateway or message handler — on the class, the method or both (then
 * all of them are required). Checked by `AccessGuard` before the handler runs, as an early
 * layer: the `authorization` pipeline step still checks each command and query.
 * Conditions on resource attributes (push-down) do not deny here.
 *
 * @example
 * @RequirePermissions('order:read')
 * @Get() list() { ... }
 * @throws AccessControlConfigurationError when a permission is not a concrete action.
 */
export function RequirePermissions(...permissions: string[]): ClassDecorator & MethodDecorator {
  for (const permission of permissions) assertConcreteAction(permission, '@RequirePermissions()');
  return SetMetadata(REQUIRED_PERMISSIONS, Object.freeze([...permissions]));
}
