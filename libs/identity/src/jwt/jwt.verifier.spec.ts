import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { decodeProtectedHeader, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { JwtVerifier } from './jwt.verifier.js';
import {
  signToken,
  TEST_SECRET,
  unsignedToken,
  withForgedClaims,
} from './jwt-test-tokens.fixture.js';
import { TokenIssuer } from './token.issuer.js';

const claims = { sub: 'alice', tenant: 'acme', roles: ['order:reader'], iss: 'iss-a', aud: 'api' };
const options = { secret: TEST_SECRET, issuer: ['iss-a', 'iss-b'], audience: 'api' };

async function refusal(verifier: JwtVerifier, token: string | undefined): Promise<Error> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (caught: unknown) => caught as Error,
  );
  expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
  if (token) expect(error!.message).not.toContain(token);
  return error!;
}

describe('JwtVerifier with a secret', () => {
  const verifier = new JwtVerifier(options);

  it('verifies HS256 tokens into principals with authMethod jwt', async () => {
    await expect(verifier.verify(await signToken(claims))).resolves.toStrictEqual({
      id: 'alice',
      tenantId: 'acme',
      roles: ['order:reader'],
      authMethod: 'jwt',
    });
    await expect(
      verifier.verify(await signToken({ ...claims, iss: 'iss-b' })),
    ).resolves.toMatchObject({ id: 'alice' });
    expect(verifier.algorithms).toEqual(['HS256']);
  });

  it.each<[string, () => Promise<string | undefined>, RegExp]>([
    ['no token', async () => undefined, /Send an "Authorization: Bearer <JWT>" header/],
    ['an empty token', async () => '', /Send an "Authorization: Bearer <JWT>" header/],
    ['garbage', async () => 'garbage', /malformed/],
    ['three garbage parts', async () => 'a.b.c', /malformed/],
    [
      'another secret',
      async () => signToken(claims, new TextEncoder().encode('x'.repeat(40))),
      /signature is invalid/,
    ],
    [
      'a forged payload',
      async () => withForgedClaims(await signToken(claims), { ...claims, roles: ['admin'] }),
      /signature is invalid/,
    ],
    ['alg none', async () => unsignedToken(claims), /"alg": "none"\) are never accepted/],
    [
      'HS512',
      async () => signToken(claims, undefined, { alg: 'HS512' }),
      /algorithm "HS512" is not accepted: send a token signed with HS256/,
    ],
    ['a wrong issuer', async () => signToken({ ...claims, iss: 'evil' }), /issuer \("iss"\)/],
    [
      'no issuer',
      async () => signToken({ ...claims, iss: undefined }),
      /no "iss" claim, which is required/,
    ],
    ['a wrong audience', async () => signToken({ ...claims, aud: 'other' }), /audience \("aud"\)/],
    ['an expired token', async () => signToken(claims, undefined, { expiresIn: -31 }), /expired/],
    ['a future nbf', async () => signToken(claims, undefined, { notBefore: 31 }), /not valid yet/],
    ['no subject', async () => signToken({ ...claims, sub: undefined }), /"sub"/],
  ])('refuses %s with a specific message', async (_name, make, message) => {
    expect((await refusal(verifier, await make())).message).toMatch(message);
  });

  it('tolerates clock skew up to clockToleranceSeconds (default 30)', async () => {
    await expect(
      verifier.verify(await signToken(claims, undefined, { expiresIn: -20 })),
    ).resolves.toMatchObject({ id: 'alice' });
    await expect(
      verifier.verify(await signToken(claims, undefined, { notBefore: 20 })),
    ).resolves.toMatchObject({ id: 'alice' });
    const strict = new JwtVerifier({ ...options, clockToleranceSeconds: 0 });
    await refusal(strict, await signToken(claims, undefined, { expiresIn: -5 }));
  });

  it('checks expiry against the injected clock', async () => {
    const clock = new FakeClock(new Date());
    const timed = new JwtVerifier(options, clock);
    const token = await signToken(claims, undefined, { expiresIn: 300 });
    await expect(timed.verify(token)).resolves.toMatchObject({ id: 'alice' });
    clock.advance(331_000);
    expect((await refusal(timed, token)).message).toMatch(/expired/);
  });
});

describe('TokenIssuer with a secret', () => {
  it('issues tokens the verifier of the same options maps back to the same principal', async () => {
    const clock = new FakeClock(new Date());
    const jwt = {
      ...options,
      claims: { tenant: 'org', roles: 'groups' },
      issuing: { expiresInSeconds: 60 },
    };
    const issuer = new TokenIssuer(jwt, clock);
    const principal = {
      id: 'bob',
      tenantId: 'globex',
      roles: ['order:writer'],
      attributes: { region: 'eu' },
      authMethod: 'local',
    };
    const issued = await issuer.issue(principal);
    expect(issued).toMatchObject({ tokenType: 'Bearer', expiresIn: 60 });
    const verifier = new JwtVerifier(jwt, clock);
    await expect(verifier.verify(issued.accessToken)).resolves.toStrictEqual({
      ...principal,
      authMethod: 'jwt',
    });
    clock.advance(91_000);
    await expect(verifier.verify(issued.accessToken)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses to sign without a private key when keys come from a JWKS', async () => {
    const issuer = new TokenIssuer({ jwksUri: 'https://sso.test/certs' });
    await expect(issuer.issue({ id: 'x', roles: [], authMethod: 'local' })).rejects.toMatchObject({
      code: 'IDENTITY_CONFIGURATION',
    });
  });

  it('signs with a PKCS#8 PEM private key and key id when keys come from a JWKS', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const issuer = new TokenIssuer({
      jwksUri: 'https://sso.test/certs',
      audience: ['api', 'other'],
      issuing: { privateKey: await exportPKCS8(privateKey), algorithm: 'ES256', keyId: 'k-2' },
    });
    const { accessToken } = await issuer.issue({ id: 'svc', roles: [], authMethod: 'local' });
    expect(decodeProtectedHeader(accessToken)).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'k-2' });
    const { payload } = await jwtVerify(accessToken, publicKey, { audience: 'api' });
    expect(payload).toMatchObject({ sub: 'svc', roles: [], aud: 'api' });
  });
});
