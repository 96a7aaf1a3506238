import { applyDecorators } from '@nestjs/common';
import { Public as IdentityPublic } from '@cqrs-ddd/identity';
import { TenantAgnostic } from '@cqrs-ddd/multitenancy';

/**
 * Marks a controller, route or message handler that needs neither a credential nor a tenant
 * (health probes, metrics, the consumer of the app's own integration events): identity's
 * `@Public()` and multitenancy's `@TenantAgnostic()`.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(IdentityPublic(), TenantAgnostic());
