import type { Principal } from '../domain/principal.js';

/** A bearer token (opaque or JWT) from an `Authorization: Bearer` header. */
export interface BearerCredentials {
  readonly kind: 'bearer';
  readonly token: string;
}

/** A username and password, optionally within one tenant (usernames are unique per tenant). */
export interface PasswordCredentials {
  readonly kind: 'password';
  readonly username: string;
  readonly password: string;
  /** Tenant the user belongs to; absent for platform-level users. */
  readonly tenantId?: string;
}

/** A machine API key. */
export interface ApiKeyCredentials {
  readonly kind: 'api-key';
  readonly key: string;
}

/** Whatever a caller presents to prove its identity. */
export type Credentials = BearerCredentials | PasswordCredentials | ApiKeyCredentials;

/** The kinds of {@link Credentials}. */
export type CredentialKind = Credentials['kind'];

/**
 * Verifies credentials and says who presented them. Every failure — unknown user, wrong
 * password, unknown or expired key or token, malformed or unsupported credentials — throws
 * `UnauthenticatedError` with one generic message that never contains the secret (nor tells
 * an unknown user from a wrong password). Secrets are never stored in plain text or logged.
 */
export abstract class IdentityProvider {
  /**
   * The authenticated principal, with its roles and the `authMethod` that proved it.
   * @throws UnauthenticatedError when the credentials are not valid.
   */
  abstract authenticate(credentials: Credentials): Promise<Principal>;
}
