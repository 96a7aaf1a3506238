import { applyDecorators, SetMetadata } from '@nestjs/common';
import { TenantAgnostic } from '@cqrs-ddd/multitenancy';

/** Metadata key of {@link Public}. */
export const PUBLIC_ROUTE = 'reference:public-route';

/**
 * Marks a controller or route that needs neither a token nor a tenant (health probes,
 * metrics).
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), TenantAgnostic());
