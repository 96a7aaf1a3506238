import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';
import { acceptedAlgorithms, type JwtStrategyOptions } from './jwt-strategy.options.js';

/** Minimum length of an HS secret, in characters (256 bits of ASCII). */
export const MIN_SECRET_LENGTH = 32;

const HMAC = new Set(['HS256', 'HS384', 'HS512']);
const ASYMMETRIC = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);

/**
 * Checks `strategies.jwt`: exactly one of `secret` (≥ 32 characters) and `jwksUri` (an http(s)
 * URL); explicit algorithms only, of the secret's family (HS*) or the JWKS's (RS*, PS*, ES*,
 * EdDSA), never `none`; sane durations; an issuing key only next to a JWKS.
 * @throws IdentityConfigurationError naming the option to fix
 */
export function assertValidJwtOptions(options: JwtStrategyOptions): void {
  const fail = (message: string): never => {
    throw new IdentityConfigurationError(`strategies.jwt: ${message}`);
  };
  if ((options.secret === undefined) === (options.jwksUri === undefined)) {
    fail('set exactly one of "secret" (shared HS secret) and "jwksUri" (issuer key set).');
  }
  if (options.secret !== undefined && options.secret.length < MIN_SECRET_LENGTH) {
    fail(`"secret" must have at least ${MIN_SECRET_LENGTH} characters; generate a random one.`);
  }
  if (options.jwksUri !== undefined && !isHttpUrl(options.jwksUri)) {
    fail('"jwksUri" must be an absolute http(s) URL.');
  }
  const algorithms = acceptedAlgorithms(options);
  const family = options.secret === undefined ? ASYMMETRIC : HMAC;
  const wrong = algorithms.filter((algorithm) => !family.has(algorithm));
  if (algorithms.length === 0 || wrong.length > 0) {
    fail(
      `"algorithms" must list only ${[...family].join(', ')} with ` +
        `${options.secret === undefined ? '"jwksUri"' : '"secret"'}` +
        (wrong.length > 0 ? ` (not ${wrong.join(', ')}).` : '.'),
    );
  }
  if (!isDuration(options.clockToleranceSeconds, 0)) {
    fail('"clockToleranceSeconds" must be a number ≥ 0.');
  }
  if (!isDuration(options.jwksTimeoutMs, 1)) fail('"jwksTimeoutMs" must be a number ≥ 1.');
  const issuing = options.issuing ?? {};
  if (!isDuration(issuing.expiresInSeconds, 1)) {
    fail('"issuing.expiresInSeconds" must be a number ≥ 1.');
  }
  if (issuing.privateKey !== undefined && options.jwksUri === undefined) {
    fail('"issuing.privateKey" needs "jwksUri" (the verifier must find its public key there).');
  }
  if (issuing.algorithm !== undefined && !algorithms.includes(issuing.algorithm)) {
    fail(`"issuing.algorithm" must be one of the accepted algorithms (${algorithms.join(', ')}).`);
  }
}

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);
}

function isDuration(value: number | undefined, minimum: number): boolean {
  return value === undefined || (Number.isFinite(value) && value >= minimum);
}
