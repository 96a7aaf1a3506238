import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import {
  signToken,
  TEST_SECRET,
  unsignedToken,
  withForgedClaims,
} from '../jwt/jwt-test-tokens.fixture.js';
import { type IdentityApp, startIdentityApp } from './identity-test-app.fixture.js';

const ISSUER = 'https://auth.test';
const AUDIENCE = 'orders-api';
const claims = {
  sub: 'alice',
  tenant: 'acme',
  roles: ['order:reader'],
  iss: ISSUER,
  aud: AUDIENCE,
};

describe('IdentityModule with a JWT secret, end to end over HTTP', () => {
  let started: IdentityApp;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...parts: unknown[]) => {
        consoleLines.push(parts.map(String).join(' '));
      });
    }
    started = await startIdentityApp({
      strategies: {
        jwt: {
          secret: TEST_SECRET,
          issuer: ISSUER,
          audience: AUDIENCE,
          claims: { attributes: ['region'] },
        },
      },
    });
  });

  afterAll(async () => {
    await started?.app.close();
    jest.restoreAllMocks();
  });

  const get = (path: string, token?: string) => {
    const call = request(started.app.getHttpServer()).get(path);
    return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
  };

  it('accepts a valid token: the principal reaches @CurrentPrincipal() and the request context', async () => {
    const token = await signToken({ ...claims, region: 'emea', attributes: { limit: 500 } });
    const response = await get('/me', token).expect(200);
    const expected = {
      id: 'alice',
      tenantId: 'acme',
      roles: ['order:reader'],
      attributes: { limit: 500, region: 'emea' },
      authMethod: 'jwt',
    };
    expect(response.body).toEqual({ principal: expected, contextPrincipal: expected });
  });

  it('lets @Public() routes through without a credential, but still verifies a presented one', async () => {
    const anonymous = await get('/health').expect(200);
    expect(anonymous.body).toEqual({ principal: null, contextPrincipal: null });
    const withToken = await get('/health', await signToken(claims)).expect(200);
    expect(withToken.body.principal).toMatchObject({ id: 'alice' });
    await get('/health', unsignedToken(claims)).expect(401);
  });

  describe('rejects with 401 problem+json and a specific message', () => {
    const cases: Array<[string, () => Promise<string | undefined>, RegExp]> = [
      ['a missing token', async () => undefined, /Authentication is required/],
      ['a malformed token', async () => 'not-a-jwt', /malformed/],
      [
        'a bad signature',
        async () =>
          signToken(claims, new TextEncoder().encode('another-secret-of-32-characters-or-more')),
        /signature is invalid/,
      ],
      ['"alg": "none"', async () => unsignedToken(claims), /"none"\) are never accepted/],
      [
        'an algorithm that is not allowed (HS384)',
        async () => signToken(claims, undefined, { alg: 'HS384' }),
        /algorithm "HS384" is not accepted/,
      ],
      ['a wrong issuer', async () => signToken({ ...claims, iss: 'https://evil.test' }), /issuer/],
      ['a wrong audience', async () => signToken({ ...claims, aud: 'billing-api' }), /audience/],
      [
        'an expired token',
        async () => signToken(claims, undefined, { expiresIn: -120 }),
        /expired/,
      ],
      [
        'a token not valid yet (nbf in the future)',
        async () => signToken(claims, undefined, { notBefore: 600 }),
        /not valid yet/,
      ],
      [
        'a forged roles claim (payload changed, signature kept)',
        async () =>
          withForgedClaims(await signToken(claims), { ...claims, roles: ['platform-admin'] }),
        /signature is invalid/,
      ],
    ];

    it.each(cases)('%s', async (_name, makeToken, message) => {
      const token = await makeToken();
      const response = await get('/me', token).expect(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = JSON.parse(response.text) as { status: number; code: string; detail: string };
      expect(problem).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(problem.detail).toMatch(message);
      if (token) expect(response.text).not.toContain(token);
    });
  });

  it('refuses other Authorization schemes and two credentials at once', async () => {
    const server = started.app.getHttpServer();
    const basic = await request(server).get('/me').set('Authorization', 'Basic YWxpY2U6cHc=');
    expect(basic.status).toBe(401);
    expect(JSON.parse(basic.text).detail).toMatch(/must be "Bearer <token>"/);
    const both = await request(server)
      .get('/me')
      .set('Authorization', `Bearer ${await signToken(claims)}`)
      .set('X-Api-Key', 'ak_something');
    expect(both.status).toBe(401);
    expect(JSON.parse(both.text).detail).toMatch(/one credential/);
  });

  it('refuses API keys when no API key strategy is configured', async () => {
    const response = await request(started.app.getHttpServer())
      .get('/me')
      .set('X-Api-Key', 'ak_0123456789abcdef0123456789abcdef');
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text).detail).toMatch(/API keys are not accepted here/);
  });

  it('never writes a token to the logs, even when every request failed', async () => {
    const tokens = [
      await signToken(claims, new TextEncoder().encode('another-secret-of-32-characters-or-more')),
      await signToken(claims, undefined, { expiresIn: -120 }),
      unsignedToken(claims),
      withForgedClaims(await signToken(claims), { ...claims, roles: ['platform-admin'] }),
    ];
    for (const token of tokens) await get('/me', token).expect(401);
    const logged = [...started.logger.lines, ...consoleLines].join('\n');
    expect(
      started.logger.lines.filter((line) => line.includes('UNAUTHENTICATED')).length,
    ).toBeGreaterThanOrEqual(tokens.length);
    for (const token of tokens) {
      expect(logged).not.toContain(token);
      const signature = token.split('.')[2]!;
      if (signature) expect(logged).not.toContain(signature);
    }
    expect(logged).not.toContain(TEST_SECRET);
  });

  afterEach(() => {
    expect(consoleLines.join('\n')).not.toContain(TEST_SECRET);
  });
});

describe('IdentityModule without core request-context middleware', () => {
  let started: IdentityApp;

  beforeAll(async () => {
    started = await startIdentityApp(
      { strategies: { jwt: { secret: TEST_SECRET } } },
      { requestContext: false },
    );
  });

  afterAll(async () => {
    await started?.app.close();
  });

  it('opens a request context holding the principal itself', async () => {
    const token = await signToken({ sub: 'bob', roles: ['order:writer'] });
    const response = await request(started.app.getHttpServer())
      .get('/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const expected = { id: 'bob', roles: ['order:writer'], authMethod: 'jwt' };
    expect(response.body).toEqual({ principal: expected, contextPrincipal: expected });
  });
});

describe("IdentityModule with guard: 'none'", () => {
  let started: IdentityApp;

  beforeAll(async () => {
    started = await startIdentityApp({
      strategies: { jwt: { secret: TEST_SECRET } },
      guard: 'none',
    });
  });

  afterAll(async () => {
    await started?.app.close();
  });

  it('registers no global guard: routes run without credentials unless they use IdentityGuard', async () => {
    const response = await request(started.app.getHttpServer()).get('/me').expect(200);
    expect(response.body).toEqual({ principal: null, contextPrincipal: null });
  });
});
