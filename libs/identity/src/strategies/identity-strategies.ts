import type { ApiKeyStrategy } from './api-key.strategy.js';
import type { LdapStrategy } from '../ldap/ldap.strategy.js';
import type { JwtStrategy } from './jwt.strategy.js';
import type { LocalStrategy } from './local.strategy.js';

/**
 * The passport strategies `IdentityModule` built from `strategies` (absent when not
 * configured): what `IdentityGuard` and the login guards run.
 */
export interface IdentityStrategies {
  /** `cqrs-jwt`: bearer JWTs (`strategies.jwt`). */
  readonly jwt?: JwtStrategy;
  /** `cqrs-api-key`: API keys of the database (`strategies.apiKeys`). */
  readonly apiKey?: ApiKeyStrategy;
  /** `cqrs-local`: username/password of database users (`strategies.local`). */
  readonly local?: LocalStrategy;
  /** `cqrs-ldap`: LDAP bind-and-search logins (`strategies.ldap`). */
  readonly ldap?: LdapStrategy;
}

/** Injection token of the {@link IdentityStrategies}. */
export const IDENTITY_STRATEGIES = Symbol('cqrs-ddd:IDENTITY_STRATEGIES');
