import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { featureFlagRequirementsOf } from './feature-flag.metadata.js';
import { FeatureFlagEnforcer, type FlaggedTarget } from './feature-flag.enforcer.js';

/** What a refused call was, per transport, for the `NotFoundError`/`ForbiddenError`. */
function flaggedTargetOf(context: ExecutionContext): FlaggedTarget {
  const handler = `${context.getClass().name}.${context.getHandler().name}`;
  switch (context.getType<string>()) {
    case 'http': {
      const request = context.switchToHttp().getRequest<{ method?: string; url?: string }>();
      const path = (request.url ?? '').split('?')[0];
      return { type: 'Route', id: `${request.method ?? ''} ${path}`.trim() };
    }
    case 'graphql': {
      const info = context.getArgByIndex<{ fieldName?: string } | undefined>(3);
      return { type: 'Operation', id: info?.fieldName ?? handler };
    }
    default:
      return { type: 'Handler', id: handler };
  }
}

/**
 * Applied by `@FeatureFlag(...)` to controllers, resolvers, gateways and message handlers:
 * lets the call through only while every flag declared on the class and the method is on for
 * the caller (the request context's tenant and principal, so it runs after the identity
 * guard). Otherwise throws core's `NotFoundError` (`Route` / `Operation` / `Handler`) or
 * `ForbiddenError`, which the app maps to 404 / 403.
 */
@Injectable()
export class FeatureFlagGuard implements CanActivate {
  constructor(private readonly enforcer: FeatureFlagEnforcer) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirements = [
      ...featureFlagRequirementsOf(context.getClass()),
      ...featureFlagRequirementsOf(context.getHandler()),
    ];
    await this.enforcer.enforce(requirements, () => flaggedTargetOf(context));
    return true;
  }
}
