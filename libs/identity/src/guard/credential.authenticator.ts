import { type Principal, UnauthenticatedError } from '@cqrs-ddd/core';
import { Inject, Injectable } from '@nestjs/common';
import { IDENTITY_STRATEGIES, type IdentityStrategies } from '../strategies/identity-strategies.js';
import { authenticateWith } from '../strategies/passport-authentication.js';
import type { CredentialRequest } from './credential-source.js';
import type { PresentedCredential } from './presented-credential.js';

/**
 * Runs the passport strategy that matches a presented credential: `cqrs-jwt` for bearer tokens,
 * `cqrs-api-key` for API keys — or refuses the kind when its strategy is not configured.
 */
@Injectable()
export class CredentialAuthenticator {
  constructor(@Inject(IDENTITY_STRATEGIES) private readonly strategies: IdentityStrategies) {}

  /** What to send, for the message of a request without a credential. */
  get expected(): string {
    const accepted: string[] = [];
    if (this.strategies.jwt) accepted.push('"Authorization: Bearer <JWT>"');
    if (this.strategies.apiKey) accepted.push('an API key ("X-Api-Key: <key>")');
    return accepted.length === 0 ? 'a credential' : accepted.join(' or ');
  }

  /**
   * The principal `credential` proves; the strategy reads it from `request`.
   * @throws UnauthenticatedError when it is refused, or its kind is not accepted here
   */
  authenticate(credential: PresentedCredential, request: CredentialRequest): Promise<Principal> {
    const strategy = credential.kind === 'bearer' ? this.strategies.jwt : this.strategies.apiKey;
    if (strategy === undefined) {
      const kind = credential.kind === 'bearer' ? 'Bearer tokens' : 'API keys';
      throw new UnauthenticatedError(`${kind} are not accepted here: send ${this.expected}.`);
    }
    return authenticateWith(strategy, request, `Send ${this.expected}.`);
  }
}
