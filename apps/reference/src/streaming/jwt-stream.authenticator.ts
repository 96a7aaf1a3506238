import { ForbiddenError, UnauthenticatedError } from '@cqrs-ddd/core';
import { JwtVerifier } from '@cqrs-ddd/identity';
import { TenantRegistry, requireActiveTenant } from '@cqrs-ddd/multitenancy';
import { type StreamCaller, StreamAuthenticator } from '@cqrs-ddd/streaming';
import { Injectable, Optional } from '@nestjs/common';

/**
 * WebSocket and GraphQL-subscription connections authenticate with the same bearer JWTs as the
 * REST API: identity's `JwtVerifier`, then the token's tenant must be registered and active.
 */
@Injectable()
export class JwtStreamAuthenticator extends StreamAuthenticator {
  constructor(
    private readonly tenants: TenantRegistry,
    @Optional() private readonly verifier?: JwtVerifier,
  ) {
    super();
  }

  async authenticate(token: string | undefined): Promise<StreamCaller> {
    if (!this.verifier) throw new UnauthenticatedError('Bearer tokens are not accepted here.');
    const principal = await this.verifier.verify(token);
    if (principal.tenantId === undefined) {
      throw new ForbiddenError('read event streams', 'the token names no tenant');
    }
    await requireActiveTenant(this.tenants, principal.tenantId).catch((error: unknown) => {
      throw new ForbiddenError('read event streams', (error as Error).message);
    });
    return { principal, tenantId: principal.tenantId };
  }
}
