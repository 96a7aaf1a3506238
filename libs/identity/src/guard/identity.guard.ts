import { UnauthenticatedError } from '@cqrs-ddd/core';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isPublic } from '../principal/public.decorator.js';
import { CredentialAuthenticator } from './credential.authenticator.js';
import { credentialRequestOf } from './credential-source.js';
import { presentedCredential } from './presented-credential.js';
import { bindPrincipal } from './principal-binding.js';

/**
 * Who calls, on every transport: REST, GraphQL (queries, mutations, subscriptions), WebSocket
 * gateways and microservice message handlers. It reads the caller's credential
 * (`Authorization: Bearer <JWT>`, `Authorization: ApiKey <key>` or `X-Api-Key`; for broker
 * messages the same names among the message headers), runs the matching passport strategy and
 * puts the principal in the request context (`PrincipalContextInterceptor` opens one where
 * none exists yet, e.g. for broker messages).
 *
 * Without a credential only `@Public()` handlers run; a credential sent to a public handler is
 * still verified. Every refusal is a core `UnauthenticatedError` (401 / `UNAUTHENTICATED` once
 * the app maps it); its message never contains the credential.
 *
 * `IdentityModule` registers it as a global guard (`guard: 'global'`, the default); register
 * it before other guards that read the principal (tenant, access control).
 */
@Injectable()
export class IdentityGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: CredentialAuthenticator,
  ) {}

  /**
   * Authenticates the invocation `context`.
   * @throws UnauthenticatedError for a missing (on a non-public handler), malformed or refused credential
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = credentialRequestOf(context);
    const credential = presentedCredential(request.headers);
    if (credential === undefined) {
      if (isPublic(this.reflector, context)) return true;
      throw new UnauthenticatedError(
        `Authentication is required: send ${this.authenticator.expected}.`,
      );
    }
    bindPrincipal(context, await this.authenticator.authenticate(credential, request));
    return true;
  }
}
