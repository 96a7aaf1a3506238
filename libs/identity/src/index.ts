export * from './errors/identity.error.js';
export * from './errors/identity-configuration.error.js';
export * from './jwt/jwt-strategy.options.js';
export * from './jwt/jwt-options.validation.js';
export * from './jwt/jwt.verifier.js';
export * from './jwt/token.issuer.js';
export * from './principal/claims-principal.mapper.js';
export * from './principal/current-principal.decorator.js';
export * from './principal/public.decorator.js';
export * from './guard/presented-credential.js';
export * from './guard/credential-source.js';
export * from './guard/credential.authenticator.js';
export * from './guard/identity.guard.js';
export * from './guard/principal-context.interceptor.js';
export * from './strategies/passport-authentication.js';
export * from './strategies/identity-strategies.js';
export * from './strategies/jwt.strategy.js';
export * from './strategies/api-key.strategy.js';
export * from './strategies/local.strategy.js';
export * from './login/passport-login.guard.js';
export * from './login/local-login.guard.js';
export * from './login/ldap-login.guard.js';
export * from './login/login.service.js';
export * from './module/identity-module.options.js';
export * from './module/identity-services.js';
export * from './module/identity.module-definition.js';
export * from './module/identity.module.js';
export * from './schema/identity-schema.js';
export type { PrincipalFields } from './schema/principal-columns.js';
export * from './password/password-hasher.js';
export * from './users/local-user.js';
export * from './users/local-user.store.js';
export { DEFAULT_LOCKOUT_SECONDS, DEFAULT_MAX_FAILED_ATTEMPTS } from './users/lockout.js';
export * from './api-keys/api-key.js';
export * from './api-keys/api-key.store.js';
export * from './provider/authentication-failed.js';
export * from './provider/database-identity.provider.js';
export * from './ldap/ldap.options.js';
export * from './ldap/ldap-principal.mapper.js';
export {
  LDAP_DIRECTORY_ERROR_MESSAGE,
  LDAP_MISSING_CREDENTIALS_MESSAGE,
  LDAP_UNREACHABLE_MESSAGE,
} from './ldap/ldap-failure.js';
export * from './ldap/ldap.strategy.js';
