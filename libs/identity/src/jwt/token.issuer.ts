import { Clock, type Principal, SystemClock } from '@cqrs-ddd/core';
import { type CryptoKey, importJWK, importPKCS8, type JWK, type KeyObject, SignJWT } from 'jose';
import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';
import { ATTRIBUTES_CLAIM } from '../principal/claims-principal.mapper.js';
import { assertValidJwtOptions } from './jwt-options.validation.js';
import { acceptedAlgorithms, type JwtStrategyOptions } from './jwt-strategy.options.js';

/** A token issued by {@link TokenIssuer}, shaped like an OAuth 2 token response. */
export interface IssuedToken {
  /** The signed JWT. */
  readonly accessToken: string;
  /** Always `Bearer`: send it as `Authorization: Bearer <accessToken>`. */
  readonly tokenType: 'Bearer';
  /** Lifetime, in seconds. */
  readonly expiresIn: number;
}

interface SigningKey {
  readonly key: CryptoKey | KeyObject | Uint8Array;
  readonly algorithm: string;
  readonly keyId?: string;
}

/**
 * Signs JWTs for principals that logged in (local users, LDAP) — tokens the `JwtVerifier` of
 * the same options accepts and maps back to the same id, tenant, roles and attributes.
 * Signs with the shared secret (HS*), or with `issuing.privateKey` when the verifier reads a
 * JWKS (the key set must publish its public half under `issuing.keyId`).
 */
export class TokenIssuer {
  private signingKey?: Promise<SigningKey>;

  /**
   * @param options the `strategies.jwt` options (validated here)
   * @param clock time source of `iat` / `exp`
   */
  constructor(
    private readonly options: JwtStrategyOptions,
    private readonly clock: Clock = new SystemClock(),
  ) {
    assertValidJwtOptions(options);
  }

  /**
   * A signed token for `principal`: `sub`, the tenant and roles claims, the `attributes`
   * object claim, and `iss` / `aud` when the verifier checks them (first accepted value).
   * @throws IdentityConfigurationError when tokens cannot be signed (JWKS without `issuing.privateKey`)
   */
  async issue(principal: Principal): Promise<IssuedToken> {
    const { key, algorithm, keyId } = await (this.signingKey ??= this.loadSigningKey());
    const claims = this.options.claims ?? {};
    const expiresIn = this.options.issuing?.expiresInSeconds ?? 3600;
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const jwt = new SignJWT({
      [claims.roles ?? 'roles']: [...principal.roles],
      ...(principal.tenantId === undefined
        ? {}
        : { [claims.tenant ?? 'tenant']: principal.tenantId }),
      ...(principal.attributes === undefined ? {} : { [ATTRIBUTES_CLAIM]: principal.attributes }),
    })
      .setProtectedHeader({
        alg: algorithm,
        typ: 'JWT',
        ...(keyId === undefined ? {} : { kid: keyId }),
      })
      .setSubject(principal.id)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn);
    const issuer = firstOf(this.options.issuer);
    const audience = firstOf(this.options.audience);
    if (issuer !== undefined) jwt.setIssuer(issuer);
    if (audience !== undefined) jwt.setAudience(audience);
    return { accessToken: await jwt.sign(key), tokenType: 'Bearer', expiresIn };
  }

  private async loadSigningKey(): Promise<SigningKey> {
    const issuing = this.options.issuing ?? {};
    const privateKey = issuing.privateKey;
    if (this.options.secret !== undefined) {
      const key = new TextEncoder().encode(this.options.secret);
      return { key, algorithm: this.algorithmOf(undefined) };
    }
    if (privateKey === undefined) {
      throw new IdentityConfigurationError(
        'strategies.jwt.issuing.privateKey is required to issue tokens when keys come from ' +
          '"jwksUri" (or let the identity provider issue them).',
      );
    }
    if (typeof privateKey === 'string') {
      const algorithm = this.algorithmOf(undefined);
      return { key: await importPKCS8(privateKey, algorithm), algorithm, keyId: issuing.keyId };
    }
    const algorithm = this.algorithmOf(privateKey);
    const keyId = issuing.keyId ?? privateKey.kid;
    return { key: await importJWK(privateKey, algorithm), algorithm, keyId };
  }

  /** `issuing.algorithm`, else the JWK's `alg`, else the first accepted one — if accepted. */
  private algorithmOf(jwk: JWK | undefined): string {
    const accepted = acceptedAlgorithms(this.options);
    const algorithm = this.options.issuing?.algorithm ?? jwk?.alg ?? accepted[0]!;
    if (!accepted.includes(algorithm)) {
      throw new IdentityConfigurationError(
        `strategies.jwt.issuing: the private key's algorithm ${algorithm} is not accepted by ` +
          `the verifier (${accepted.join(', ')}); set "issuing.algorithm" or "algorithms".`,
      );
    }
    return algorithm;
  }
}

function firstOf(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}
