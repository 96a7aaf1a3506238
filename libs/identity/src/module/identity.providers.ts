import { Clock, IdentityProvider, SystemClock } from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import type { CanActivate, NestInterceptor, Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ApiKeyStore } from '../api-keys/api-key.store.js';
import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';
import { CredentialAuthenticator } from '../guard/credential.authenticator.js';
import { IdentityGuard } from '../guard/identity.guard.js';
import { PrincipalContextInterceptor } from '../guard/principal-context.interceptor.js';
import { JwtVerifier } from '../jwt/jwt.verifier.js';
import { TokenIssuer } from '../jwt/token.issuer.js';
import { LdapLoginGuard } from '../login/ldap-login.guard.js';
import { LocalLoginGuard } from '../login/local-login.guard.js';
import { LdapStrategy } from '../ldap/ldap.strategy.js';
import { LoginService } from '../login/login.service.js';
import { DatabaseIdentityProvider } from '../provider/database-identity.provider.js';
import { ensureIdentitySchema, type IdentitySqlConnection } from '../schema/identity-schema.js';
import { ApiKeyStrategy } from '../strategies/api-key.strategy.js';
import { IDENTITY_STRATEGIES, type IdentityStrategies } from '../strategies/identity-strategies.js';
import { JwtStrategy } from '../strategies/jwt.strategy.js';
import { LocalStrategy } from '../strategies/local.strategy.js';
import { LocalUserStore } from '../users/local-user.store.js';
import type { IdentityModuleOptions } from './identity-module.options.js';
import { assertValidIdentityOptions } from './identity-options.validation.js';
import { IDENTITY_SERVICES, type IdentityServices } from './identity-services.js';
import { IDENTITY_MODULE_OPTIONS } from './identity.module-definition.js';

const allowAll: CanActivate = { canActivate: () => true };
const passThrough: NestInterceptor = { intercept: (_context, next) => next.handle() };

/**
 * Validates the options, builds the configured services and creates the identity tables when
 * `migrate` is set.
 */
async function createServices(
  options: IdentityModuleOptions,
  clock: Clock = new SystemClock(),
  orm?: MikroORM,
): Promise<IdentityServices> {
  assertValidIdentityOptions(options);
  const { jwt, local, apiKeys } = options.strategies;
  const needsDatabase = local !== undefined || apiKeys !== undefined;
  const connection = needsDatabase ? databaseOf(options, orm) : undefined;
  if (connection && options.migrate) await ensureIdentitySchema(connection, options.schema);
  const schema = options.schema;
  return {
    jwtVerifier: jwt && new JwtVerifier(jwt, clock),
    tokenIssuer: jwt && new TokenIssuer(jwt, clock),
    localUsers: connection && local && new LocalUserStore(connection, { ...local, schema, clock }),
    apiKeys: connection && apiKeys && new ApiKeyStore(connection, { ...apiKeys, schema, clock }),
  };
}

function databaseOf(options: IdentityModuleOptions, orm?: MikroORM): IdentitySqlConnection {
  const connection = options.connection ?? orm?.em.getConnection();
  if (connection) return connection;
  throw new IdentityConfigurationError(
    'IdentityModule: strategies.local and strategies.apiKeys keep users and keys in PostgreSQL: ' +
      'import MikroOrmModule (PostgreSQL) or set the "connection" option.',
  );
}

function createStrategies(
  options: IdentityModuleOptions,
  services: IdentityServices,
): IdentityStrategies {
  const { ldap } = options.strategies;
  return {
    jwt: services.jwtVerifier && new JwtStrategy(services.jwtVerifier),
    apiKey: services.apiKeys && new ApiKeyStrategy(services.apiKeys),
    local: services.localUsers && new LocalStrategy(services.localUsers),
    ldap: ldap && new LdapStrategy(ldap),
  };
}

/** Providers of `IdentityModule`. */
export const identityProviders: Provider[] = [
  {
    provide: IDENTITY_SERVICES,
    inject: [
      IDENTITY_MODULE_OPTIONS,
      { token: Clock, optional: true },
      { token: MikroORM, optional: true },
    ],
    useFactory: createServices,
  },
  {
    provide: IDENTITY_STRATEGIES,
    inject: [IDENTITY_MODULE_OPTIONS, IDENTITY_SERVICES],
    useFactory: createStrategies,
  },
  ...serviceProviders(),
  {
    provide: IdentityProvider,
    inject: [IDENTITY_SERVICES],
    useFactory: ({ localUsers, apiKeys, jwtVerifier }: IdentityServices) =>
      new DatabaseIdentityProvider({
        users: localUsers,
        apiKeys,
        verifyBearer: jwtVerifier && ((token) => jwtVerifier.verify(token)),
      }),
  },
  CredentialAuthenticator,
  IdentityGuard,
  PrincipalContextInterceptor,
  LoginService,
  LocalLoginGuard,
  LdapLoginGuard,
  {
    provide: APP_GUARD,
    inject: [IDENTITY_MODULE_OPTIONS, IdentityGuard],
    useFactory: (options: IdentityModuleOptions, guard: IdentityGuard) =>
      options.guard === 'none' ? allowAll : guard,
  },
  {
    provide: APP_INTERCEPTOR,
    inject: [IDENTITY_MODULE_OPTIONS, PrincipalContextInterceptor],
    useFactory: (options: IdentityModuleOptions, interceptor: PrincipalContextInterceptor) =>
      options.guard === 'none' ? passThrough : interceptor,
  },
];

/** `JwtVerifier`, `TokenIssuer`, `LocalUserStore`, `ApiKeyStore` (`undefined` when not configured). */
function serviceProviders(): Provider[] {
  const services = {
    jwtVerifier: JwtVerifier,
    tokenIssuer: TokenIssuer,
    localUsers: LocalUserStore,
    apiKeys: ApiKeyStore,
  } as const;
  return Object.entries(services).map(([key, token]) => ({
    provide: token,
    inject: [IDENTITY_SERVICES],
    useFactory: (built: IdentityServices) => built[key as keyof IdentityServices],
  }));
}

/** What `IdentityModule` exports. */
export const identityExports = [
  IDENTITY_MODULE_OPTIONS,
  IDENTITY_SERVICES,
  IDENTITY_STRATEGIES,
  JwtVerifier,
  TokenIssuer,
  LocalUserStore,
  ApiKeyStore,
  CredentialAuthenticator,
  IdentityGuard,
  PrincipalContextInterceptor,
  IdentityProvider,
  LoginService,
  LocalLoginGuard,
  LdapLoginGuard,
];
