import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TenantGuard } from '@cqrs-ddd/multitenancy';
import type { AppConfig } from '../config/app-config.js';
import { AuthenticationGuard } from './authentication.guard.js';
import { JwtPrincipalVerifier } from './jwt-principal.verifier.js';

/**
 * Who calls and for which tenant, for REST and GraphQL alike: two global guards, in this
 * order — {@link AuthenticationGuard} (bearer JWT → principal) then the multitenancy
 * `TenantGuard` (tenant from the token; `X-Tenant-Id` only when it agrees, or for platform
 * admins). Registered here, in one module, because Nest runs global guards in registration order.
 */
@Module({})
export class AuthModule {
  /** The guards, verifying tokens with the configured secret and issuer. */
  static forRoot(config: Pick<AppConfig, 'jwtSecret' | 'jwtIssuer'>) {
    return {
      module: AuthModule,
      providers: [
        {
          provide: JwtPrincipalVerifier,
          useValue: new JwtPrincipalVerifier({
            secret: config.jwtSecret,
            issuer: config.jwtIssuer,
          }),
        },
        AuthenticationGuard,
        { provide: APP_GUARD, useExisting: AuthenticationGuard },
        { provide: APP_GUARD, useExisting: TenantGuard },
      ],
    };
  }
}
