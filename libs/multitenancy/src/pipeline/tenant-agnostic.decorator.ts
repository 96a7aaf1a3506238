import { SetMetadata } from '@nestjs/common';

/** Metadata key set by {@link TenantAgnostic}. */
export const TENANT_AGNOSTIC = 'cqrs-ddd:tenant-agnostic';

/**
 * Marks work that may run without a tenant:
 * - on a command or query class: the tenancy pipeline step lets it through when the context has
 *   no tenant (platform-level operations such as provisioning a tenant);
 * - on a controller, resolver or route handler: `TenantGuard` lets the request through without
 *   a tenant.
 *
 * A tenant that is present is still resolved and checked (unknown or suspended tenants are
 * refused even here). Subclasses of a marked message class are tenant-agnostic too.
 */
export const TenantAgnostic = (): ClassDecorator & MethodDecorator =>
  SetMetadata(TENANT_AGNOSTIC, true);

/** True when the class (or the handler function) `target` is marked {@link TenantAgnostic}. */
export function isTenantAgnostic(target: object | undefined): boolean {
  return target !== undefined && Reflect.getMetadata(TENANT_AGNOSTIC, target) === true;
}
