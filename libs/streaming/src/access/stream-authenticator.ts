import type { StreamCaller } from './stream-caller.js';

/**
 * Turns the bearer token of a WebSocket or graphql-ws connection into its caller (SSE requests
 * are authenticated by the app's guards instead). Provided by the application, usually over its
 * identity and tenancy setup, so the same tokens work on every transport.
 */
export abstract class StreamAuthenticator {
  /**
   * The caller `token` proves (`undefined`: the client sent none).
   * @throws UnauthenticatedError (core) when the token is missing or refused
   * @throws ForbiddenError (core) when the caller may not act for its tenant
   */
  abstract authenticate(token: string | undefined): Promise<StreamCaller>;
}
