import type { ApiKeyStoreOptions } from '../api-keys/api-key.store.js';
import type { JwtStrategyOptions } from '../jwt/jwt-strategy.options.js';
import type { LdapStrategyOptions } from '../ldap/ldap.options.js';
import type { IdentitySqlConnection } from '../schema/identity-schema.js';
import type { LocalUsersOptions } from '../users/local-user.store.js';

/** API keys (`X-Api-Key` / `Authorization: ApiKey`) checked against `identity_api_keys`. */
export type ApiKeyStrategyOptions = Pick<
  ApiKeyStoreOptions,
  'prefix' | 'lastUsedResolutionSeconds'
>;

/** The passport strategies to enable; at least `jwt` or `apiKeys`. */
export interface IdentityStrategiesOptions {
  /** Bearer JWTs (shared secret, or JWKS / OIDC); also signs the tokens of login endpoints. */
  jwt?: JwtStrategyOptions;
  /**
   * Username/password users in the database (`identity_users`, argon2id, lockout) for a login
   * endpoint (`LocalLoginGuard` + `LoginService`); needs `jwt` to issue tokens.
   */
  local?: LocalUsersOptions;
  /**
   * LDAP bind-and-search logins (passport-ldapauth) for a login endpoint (`LdapLoginGuard` +
   * `LoginService`); needs `jwt` to issue tokens.
   */
  ldap?: LdapStrategyOptions;
  /** API keys for service-to-service calls (`identity_api_keys`, stored as SHA-256 only). */
  apiKeys?: ApiKeyStrategyOptions;
}

/** Options of `IdentityModule.forRoot` / `forRootAsync`. */
export interface IdentityModuleOptions {
  /** The strategies to enable. */
  strategies: IdentityStrategiesOptions;
  /**
   * `'global'`: `IdentityGuard` (and `PrincipalContextInterceptor`) guard every handler of the
   * app, on every transport — opt out with `@Public()`. `'none'`: nothing is registered
   * globally; apply `@UseGuards(IdentityGuard)` and
   * `@UseInterceptors(PrincipalContextInterceptor)` yourself.
   * @default 'global'
   */
  guard?: 'global' | 'none';
  /**
   * Create the identity tables (`ensureIdentitySchema`) at start when `local` or `apiKeys` is
   * configured. Idempotent and safe with several instances starting together.
   * @default false
   */
  migrate?: boolean;
  /**
   * PostgreSQL schema of the identity tables.
   * @default 'public'
   */
  schema?: string;
  /**
   * Connection the `local` and `apiKeys` stores run their SQL on.
   * @default the app's MikroORM connection (`orm.em.getConnection()`; import `MikroOrmModule`)
   */
  connection?: IdentitySqlConnection;
}
