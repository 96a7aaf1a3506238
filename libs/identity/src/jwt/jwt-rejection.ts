import { UnauthenticatedError } from '@cqrs-ddd/core';
import { decodeProtectedHeader, errors } from 'jose';

/** An `alg` value short and plain enough to repeat in a message (never anything else of the token). */
const PRINTABLE_ALG = /^[A-Za-z0-9+-]{1,16}$/;

/**
 * The `UnauthenticatedError` for a token jose refused: one specific message per reason,
 * saying what to do. Messages never contain the token (nor its claims); only the `alg`
 * header value, when it is a short plain word, is repeated.
 */
export function jwtRejection(
  error: unknown,
  token: string,
  accepted: readonly string[],
): UnauthenticatedError {
  return new UnauthenticatedError(rejectionMessage(error, token, accepted));
}

function rejectionMessage(error: unknown, token: string, accepted: readonly string[]): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired: obtain a new one.';
  if (error instanceof errors.JWTClaimValidationFailed) return claimMessage(error);
  if (error instanceof errors.JOSEAlgNotAllowed) return algorithmMessage(token, accepted);
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'The token signature is invalid: it was not issued by a trusted issuer or was altered.';
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return 'The token\'s key id ("kid") matches no key of the issuer\'s key set: obtain a new token.';
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'The token names no key id ("kid") and several keys of the issuer\'s key set match it.';
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return "The issuer's signing keys (JWKS) could not be fetched: try again later.";
  }
  if (error instanceof errors.JOSEError) {
    return 'The bearer token is malformed: expected a signed JWT (header.payload.signature).';
  }
  // fetch() failures of the remote JWKS surface as plain TypeErrors (possibly of another realm).
  if ((error as Error | undefined)?.name === 'TypeError') {
    return "The issuer's signing keys (JWKS) could not be fetched: try again later.";
  }
  return 'The bearer token could not be verified.';
}

function claimMessage(error: InstanceType<typeof errors.JWTClaimValidationFailed>): string {
  if (error.reason === 'missing')
    return `The token has no "${error.claim}" claim, which is required.`;
  switch (error.claim) {
    case 'nbf':
      return 'The token is not valid yet ("nbf" is in the future): check the clocks.';
    case 'iss':
      return 'The token\'s issuer ("iss") is not accepted: obtain a token from a trusted issuer.';
    case 'aud':
      return 'The token\'s audience ("aud") does not name this service: obtain a token for it.';
    case 'iat':
      return 'The token\'s issue time ("iat") is invalid or in the future.';
    default:
      return `The token's "${error.claim}" claim is not acceptable (${error.reason}).`;
  }
}

function algorithmMessage(token: string, accepted: readonly string[]): string {
  const alg = headerAlgorithm(token);
  const list = accepted.join(', ');
  if (alg?.toLowerCase() === 'none') {
    return `Unsigned tokens ("alg": "none") are never accepted: send a token signed with ${list}.`;
  }
  const named = alg !== undefined && PRINTABLE_ALG.test(alg) ? ` "${alg}"` : '';
  return `The token's signing algorithm${named} is not accepted: send a token signed with ${list}.`;
}

function headerAlgorithm(token: string): string | undefined {
  try {
    const { alg } = decodeProtectedHeader(token);
    return typeof alg === 'string' ? alg : undefined;
  } catch {
    return undefined;
  }
}
