import type { ApiKeyStore } from '../api-keys/api-key.store.js';
import type { JwtVerifier } from '../jwt/jwt.verifier.js';
import type { TokenIssuer } from '../jwt/token.issuer.js';
import type { LocalUserStore } from '../users/local-user.store.js';

/**
 * The services `IdentityModule` built from its options, absent when their strategy is not
 * configured. Each is also provided under its own class.
 */
export interface IdentityServices {
  /** Verifies bearer JWTs (`strategies.jwt`). */
  readonly jwtVerifier?: JwtVerifier;
  /** Signs tokens for logins (`strategies.jwt`). */
  readonly tokenIssuer?: TokenIssuer;
  /** Database users (`strategies.local`). */
  readonly localUsers?: LocalUserStore;
  /** Database API keys (`strategies.apiKeys`). */
  readonly apiKeys?: ApiKeyStore;
}

/** Injection token of the {@link IdentityServices}. */
export const IDENTITY_SERVICES = Symbol('cqrs-ddd:IDENTITY_SERVICES');
