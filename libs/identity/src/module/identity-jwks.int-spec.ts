import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, type GenerateKeyPairResult, type JWK } from 'jose';
import request from 'supertest';
import { JwtVerifier } from '../jwt/jwt.verifier.js';
import { signToken, unsignedToken } from '../jwt/jwt-test-tokens.fixture.js';
import { TokenIssuer } from '../jwt/token.issuer.js';
import { type IdentityApp, startIdentityApp } from './identity-test-app.fixture.js';

const ISSUER = 'http://keycloak.test/realms/acme';
const CLIENT = 'orders-api';

/** A Keycloak-shaped access token's claims. */
const keycloakClaims = {
  sub: 'f3a1c2d4-user',
  iss: ISSUER,
  aud: [CLIENT, 'account'],
  azp: CLIENT,
  tenant_id: 'acme',
  realm_access: { roles: ['order:reader', 'offline_access'] },
  resource_access: {
    [CLIENT]: { roles: ['order:approver'] },
    account: { roles: ['manage-account'] },
  },
  region: 'emea',
};

interface Key {
  readonly pair: GenerateKeyPairResult;
  readonly privateJwk: JWK;
}

async function makeKey(alg: 'RS256' | 'ES256', kid: string): Promise<Key> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { pair, privateJwk: { ...(await exportJWK(pair.privateKey)), kid, alg } };
}

async function publicJwk(key: Key): Promise<JWK> {
  return {
    ...(await exportJWK(key.pair.publicKey)),
    kid: key.privateJwk.kid,
    alg: key.privateJwk.alg,
    use: 'sig',
  };
}

describe('IdentityModule with a JWKS (OIDC / Keycloak), end to end over HTTP', () => {
  let jwks: Server;
  let jwksUri: string;
  let jwksRequests = 0;
  let rsa: Key;
  let ec: Key;
  let stranger: Key;
  let started: IdentityApp;

  beforeAll(async () => {
    [rsa, ec, stranger] = await Promise.all([
      makeKey('RS256', 'rs-1'),
      makeKey('ES256', 'es-1'),
      makeKey('RS256', 'rs-1'),
    ]);
    const body = JSON.stringify({ keys: [await publicJwk(rsa), await publicJwk(ec)] });
    jwks = createServer((_req, res) => {
      jwksRequests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUri = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/realms/acme/certs`;
    started = await startIdentityApp({
      strategies: {
        jwt: {
          jwksUri,
          issuer: ISSUER,
          audience: CLIENT,
          claims: { tenant: 'tenant_id', clientId: CLIENT, attributes: ['region'] },
          issuing: { privateKey: rsa.privateJwk },
        },
      },
    });
  });

  afterAll(async () => {
    await started?.app.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const me = (token: string) =>
    request(started.app.getHttpServer()).get('/me').set('Authorization', `Bearer ${token}`);

  it.each([
    ['RS256', () => rsa],
    ['ES256', () => ec],
  ])('accepts %s tokens and maps Keycloak realm and client roles', async (alg, key) => {
    const { privateKey } = key().pair;
    const token = await signToken(keycloakClaims, privateKey, {
      alg,
      kid: key().privateJwk.kid,
    });
    const response = await me(token).expect(200);
    expect(response.body.principal).toEqual({
      id: 'f3a1c2d4-user',
      tenantId: 'acme',
      roles: ['order:reader', 'offline_access', 'order:approver'],
      attributes: { region: 'emea' },
      authMethod: 'oidc',
    });
    expect(response.body.contextPrincipal).toEqual(response.body.principal);
  });

  it('fetches the key set once and serves further tokens from its cache', async () => {
    const before = jwksRequests;
    for (let round = 0; round < 3; round += 1) {
      const token = await signToken(keycloakClaims, rsa.pair.privateKey, {
        alg: 'RS256',
        kid: 'rs-1',
      });
      await me(token).expect(200);
    }
    expect(jwksRequests).toBe(before);
    expect(before).toBeGreaterThanOrEqual(1);
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    [
      'an unknown key id',
      () => signToken(keycloakClaims, rsa.pair.privateKey, { alg: 'RS256', kid: 'rotated-away' }),
      /key id \("kid"\) matches no key/,
    ],
    [
      'a known key id signed by another key (forged roles)',
      () =>
        signToken(
          { ...keycloakClaims, realm_access: { roles: ['platform-admin'] } },
          stranger.pair.privateKey,
          { alg: 'RS256', kid: 'rs-1' },
        ),
      /signature is invalid/,
    ],
    [
      'an HS256 token (algorithm confusion)',
      () => signToken(keycloakClaims),
      /algorithm "HS256" is not accepted: send a token signed with RS256, ES256, PS256/,
    ],
    ['"alg": "none"', async () => unsignedToken(keycloakClaims), /never accepted/],
    [
      'a token for another audience',
      () =>
        signToken({ ...keycloakClaims, aud: 'billing-api' }, rsa.pair.privateKey, {
          alg: 'RS256',
          kid: 'rs-1',
        }),
      /audience/,
    ],
    [
      'an expired token',
      () =>
        signToken(keycloakClaims, ec.pair.privateKey, {
          alg: 'ES256',
          kid: 'es-1',
          expiresIn: -60,
        }),
      /expired/,
    ],
  ])('rejects %s with 401', async (_name, makeToken, message) => {
    const token = await makeToken();
    const response = await me(token).expect(401);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(JSON.parse(response.text).detail).toMatch(message);
    expect(response.text).not.toContain(token);
    expect(started.logger.lines.join('\n')).not.toContain(token);
  });

  it('issues tokens with the configured private key that the verifier accepts', async () => {
    const issued = await started.app.get(TokenIssuer).issue({
      id: 'carol',
      tenantId: 'acme',
      roles: ['order:writer'],
      attributes: { region: 'apac' },
      authMethod: 'local',
    });
    expect(issued).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    const response = await me(issued.accessToken).expect(200);
    expect(response.body.principal).toEqual({
      id: 'carol',
      tenantId: 'acme',
      roles: ['order:writer'],
      attributes: { region: 'apac' },
      authMethod: 'oidc',
    });
  });

  it('says the key set could not be fetched when the JWKS endpoint is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const verifier = new JwtVerifier({
      jwksUri: `http://127.0.0.1:${port}/certs`,
      jwksTimeoutMs: 2000,
    });
    const token = await signToken({ sub: 'x' }, rsa.pair.privateKey, { alg: 'RS256', kid: 'rs-1' });
    const refused = await verifier.verify(token).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((refused as Error).message).toMatch(/signing keys \(JWKS\) could not be fetched/);
  });
});
