import { type DynamicModule, Module } from '@nestjs/common';
import {
  ConfigurableIdentityModule,
  type IdentityModuleAsyncOptions,
  type IdentityModuleRootOptions,
} from './identity.module-definition.js';
import { identityExports, identityProviders } from './identity.providers.js';

/**
 * Identity: who calls, on every transport, through passport strategies registered with
 * `@nestjs/passport` — bearer JWTs (shared secret or JWKS / OIDC, Keycloak roles included),
 * database users and LDAP with login endpoints (argon2id, lockout) and API keys.
 *
 * ```ts
 * @Module({
 *   imports: [
 *     IdentityModule.forRoot({
 *       strategies: { jwt: { secret: process.env.JWT_SECRET, issuer: 'https://auth.example.com' } },
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 *
 * - `IdentityGuard` (global unless `guard: 'none'`) authenticates every REST route, GraphQL
 *   operation, gateway event and broker message; `@Public()` opts out; the principal goes into
 *   the request context (`@CurrentPrincipal()`, event metadata, access control).
 * - `LoginService` + `LocalLoginGuard` / `LdapLoginGuard` make login endpoints issuing tokens
 *   (`TokenIssuer`).
 * - Options are validated at start (`IdentityConfigurationError`); `migrate: true` creates the
 *   identity tables.
 *
 * Provides and exports `JwtVerifier`, `TokenIssuer`, `LocalUserStore`, `ApiKeyStore` (each
 * `undefined` when its strategy is not configured), `IdentityGuard`,
 * `PrincipalContextInterceptor`, `CredentialAuthenticator`, `LoginService`, `LocalLoginGuard`,
 * `LdapLoginGuard`, and core's `IdentityProvider` port (a `DatabaseIdentityProvider` over the
 * configured stores and JWT verifier, for entry points without a guard).
 */
@Module({})
export class IdentityModule extends ConfigurableIdentityModule {
  /** Registers the module with static options. */
  static override forRoot(options: IdentityModuleRootOptions): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  /** Registers the module with options from a factory, class or existing provider. */
  static override forRootAsync(options: IdentityModuleAsyncOptions): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

function withProviders(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...identityProviders],
    exports: [...(definition.exports ?? []), ...identityExports],
  };
}
