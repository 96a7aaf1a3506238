import { type Principal, UnauthenticatedError } from '@cqrs-ddd/core';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy as CustomStrategy } from 'passport-custom';
import type { ApiKeyStore } from '../api-keys/api-key.store.js';
import type { CredentialRequest } from '../guard/credential-source.js';
import { presentedCredential } from '../guard/presented-credential.js';

/** Passport name of {@link ApiKeyStrategy}. */
export const API_KEY_STRATEGY = 'cqrs-api-key';

/**
 * Passport strategy `cqrs-api-key` (passport-custom): an `X-Api-Key: <key>` or
 * `Authorization: ApiKey <key>` header, checked by `ApiKeyStore.verify` (SHA-256 lookup;
 * revoked, expired and unknown keys refused alike). Built by `IdentityModule` when
 * `strategies.apiKeys` is set; `IdentityGuard` runs it for every API key, on every transport.
 */
export class ApiKeyStrategy extends PassportStrategy(CustomStrategy, API_KEY_STRATEGY) {
  constructor(private readonly keys: ApiKeyStore) {
    super();
  }

  /**
   * The principal the request's API key stands for.
   * @throws UnauthenticatedError when there is none or it is refused
   */
  async validate(request: CredentialRequest): Promise<Principal> {
    const credential = presentedCredential(request.headers);
    if (credential?.kind !== 'api-key') {
      throw new UnauthenticatedError('Send an "X-Api-Key: <key>" header.');
    }
    return this.keys.verify(credential.key);
  }
}
