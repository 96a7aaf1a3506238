import { AccessGuard } from '@cqrs-ddd/access-control';
import {
  IdentityGuard,
  IdentityModule,
  type JwtStrategyOptions,
  PrincipalContextInterceptor,
} from '@cqrs-ddd/identity';
import { TenantGuard } from '@cqrs-ddd/multitenancy';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { AppConfig } from '../config/app-config.js';

/** The settings of the bearer-token strategy. */
export type AuthConfig = Pick<AppConfig, 'jwtSecret' | 'jwksUri' | 'jwtIssuer' | 'jwtAudience'>;

/**
 * Who calls, for which tenant, and whether they may: identity's JWT strategy — verified with the
 * `JWKS_URI` key set when configured (OIDC / Keycloak), else with `JWT_SECRET` — and three global
 * guards, in this order (Nest runs global guards in registration order, hence one module):
 * `IdentityGuard` (bearer token → principal in the request context; REST, GraphQL and broker
 * messages), the multitenancy `TenantGuard` (tenant from the token; `X-Tenant-Id` only when it
 * agrees, or for platform admins) and access control's `AccessGuard` (`@RequirePermissions` /
 * `@Policy` on handlers). The command/query pipeline authorizes every message again, whatever
 * its entry point.
 */
@Module({})
export class AuthModule {
  /** The identity module and the guards, for `config`. */
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        IdentityModule.forRoot({ strategies: { jwt: jwtStrategy(config) }, guard: 'none' }),
      ],
      providers: [
        { provide: APP_GUARD, useExisting: IdentityGuard },
        { provide: APP_GUARD, useExisting: TenantGuard },
        { provide: APP_GUARD, useExisting: AccessGuard },
        // Broker messages: guards run before any request context exists; this puts the
        // principal the guard authenticated into the handler's context.
        { provide: APP_INTERCEPTOR, useExisting: PrincipalContextInterceptor },
      ],
    };
  }
}

/** JWKS (asymmetric keys) when `JWKS_URI` is set, else the shared HS256 secret. */
export function jwtStrategy(config: AuthConfig): JwtStrategyOptions {
  const checks = { issuer: config.jwtIssuer, audience: config.jwtAudience };
  return config.jwksUri
    ? { jwksUri: config.jwksUri, ...checks }
    : { secret: config.jwtSecret, ...checks };
}
