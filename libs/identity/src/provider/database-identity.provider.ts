import { type Credentials, IdentityProvider, type Principal } from '@cqrs-ddd/core';
import type { ApiKeyStore } from '../api-keys/api-key.store.js';
import type { LocalUserStore } from '../users/local-user.store.js';
import { authenticationFailed } from './authentication-failed.js';

/**
 * Verifies a bearer token and returns its principal (e.g. `JwtVerifier.verify`); throws
 * `UnauthenticatedError` for a token it refuses.
 */
export type BearerTokenVerifier = (token: string) => Promise<Principal>;

/** What a {@link DatabaseIdentityProvider} composes; a credential kind left out is refused. */
export interface DatabaseIdentityProviderOptions {
  /** Verifies `password` credentials. @default undefined (passwords refused) */
  readonly users?: LocalUserStore;
  /** Verifies `api-key` credentials. @default undefined (API keys refused) */
  readonly apiKeys?: ApiKeyStore;
  /** Verifies `bearer` credentials. @default undefined (bearer tokens refused) */
  readonly verifyBearer?: BearerTokenVerifier;
}

/**
 * The core `IdentityProvider` port over the database stores: passwords through
 * {@link LocalUserStore} (with its lockout), API keys through {@link ApiKeyStore}, bearer tokens
 * through the optional verifier. Malformed credentials and kinds it was not given a verifier
 * for are refused with the stores' one generic `UnauthenticatedError`.
 */
export class DatabaseIdentityProvider extends IdentityProvider {
  constructor(private readonly options: DatabaseIdentityProviderOptions) {
    super();
  }

  authenticate(credentials: Credentials): Promise<Principal> {
    const { users, apiKeys, verifyBearer } = this.options;
    switch (credentials?.kind) {
      case 'password':
        if (users) return users.verify(credentials);
        break;
      case 'api-key':
        if (apiKeys) return apiKeys.verify(credentials.key);
        break;
      case 'bearer':
        if (verifyBearer && typeof credentials.token === 'string' && credentials.token !== '') {
          return verifyBearer(credentials.token);
        }
        break;
    }
    return Promise.reject(authenticationFailed());
  }
}
