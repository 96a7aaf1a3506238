import { describe, expect, it } from '@jest/globals';
import { IdentityProvider } from '@cqrs-ddd/core';
import { Injectable, Module } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { Test } from '@nestjs/testing';
import { ApiKeyStore } from '../api-keys/api-key.store.js';
import { isIdentityConfigurationError } from '../errors/identity-configuration.error.js';
import { JwtVerifier } from '../jwt/jwt.verifier.js';
import { signToken, TEST_SECRET } from '../jwt/jwt-test-tokens.fixture.js';
import { TokenIssuer } from '../jwt/token.issuer.js';
import { LocalLoginGuard } from '../login/local-login.guard.js';
import { LoginService } from '../login/login.service.js';
import { LocalUserStore } from '../users/local-user.store.js';
import type { IdentityModuleOptions } from './identity-module.options.js';
import type { IdentityOptionsFactory } from './identity.module-definition.js';
import { IdentityModule } from './identity.module.js';

const jwt = { secret: TEST_SECRET };
const ldap = {
  url: 'ldap://127.0.0.1:389',
  bindDN: 'cn=reader,dc=test',
  bindCredentials: 'pw',
  searchBase: 'ou=people,dc=test',
  groupRoles: {},
};

const compile = (options: IdentityModuleOptions) =>
  Test.createTestingModule({ imports: [IdentityModule.forRoot(options)] }).compile();

async function startError(options: IdentityModuleOptions): Promise<Error> {
  const error = await compile(options).then(
    () => undefined,
    (caught: unknown) => caught as Error,
  );
  expect(isIdentityConfigurationError(error)).toBe(true);
  return error!;
}

describe('IdentityModule', () => {
  it('provides the configured services, and undefined for strategies not configured', async () => {
    const moduleRef = await compile({ strategies: { jwt } });
    expect(moduleRef.get(JwtVerifier)).toBeInstanceOf(JwtVerifier);
    expect(moduleRef.get(TokenIssuer)).toBeInstanceOf(TokenIssuer);
    expect(moduleRef.get(LocalUserStore)).toBeUndefined();
    expect(moduleRef.get(ApiKeyStore)).toBeUndefined();
    const token = (
      await moduleRef.get(LoginService).login({ id: 'u', roles: ['r'], authMethod: 'local' })
    ).accessToken;
    await expect(
      moduleRef.get(IdentityProvider).authenticate({ kind: 'bearer', token }),
    ).resolves.toEqual({
      id: 'u',
      roles: ['r'],
      authMethod: 'jwt',
    });
    await moduleRef.close();
  });

  it('takes options from forRootAsync (useFactory with inject, useClass)', async () => {
    @Injectable()
    class Config {
      readonly secret = TEST_SECRET;
    }
    @Module({ providers: [Config], exports: [Config] })
    class ConfigModule {}
    @Injectable()
    class Options implements IdentityOptionsFactory {
      createIdentityOptions(): IdentityModuleOptions {
        return { strategies: { jwt: { secret: TEST_SECRET, issuer: 'from-class' } } };
      }
    }

    const byFactory = await Test.createTestingModule({
      imports: [
        IdentityModule.forRootAsync({
          imports: [ConfigModule],
          inject: [Config],
          useFactory: (config: Config) => ({ strategies: { jwt: { secret: config.secret } } }),
        }),
      ],
    }).compile();
    const token = await signToken({ sub: 'f' });
    await expect(byFactory.get(JwtVerifier).verify(token)).resolves.toMatchObject({ id: 'f' });
    await byFactory.close();

    const byClass = await Test.createTestingModule({
      imports: [IdentityModule.forRootAsync({ useClass: Options })],
    }).compile();
    await expect(byClass.get(JwtVerifier).verify(token)).rejects.toMatchObject({
      message: expect.stringMatching(/no "iss" claim/),
    });
    await byClass.close();
  });

  it.each<[string, IdentityModuleOptions, RegExp]>([
    ['no strategies', {} as IdentityModuleOptions, /"strategies" is required/],
    [
      'no way to authenticate',
      { strategies: {} },
      /enable "strategies.jwt" or "strategies.apiKeys"/,
    ],
    ['a short secret', { strategies: { jwt: { secret: 'short' } } }, /at least 32 characters/],
    [
      'alg none',
      { strategies: { jwt: { secret: TEST_SECRET, algorithms: ['none'] } } },
      /not none/,
    ],
    [
      'an unknown guard mode',
      { strategies: { jwt }, guard: 'sometimes' as 'none' },
      /"guard" must be/,
    ],
    [
      'logins without jwt',
      { strategies: { apiKeys: {}, local: {} } },
      /strategies.local issue tokens at login: configure "strategies.jwt"/,
    ],
    [
      'LDAP logins with a JWKS but no private key',
      { strategies: { jwt: { jwksUri: 'https://sso.test/certs' }, ldap } },
      /strategies.ldap issue tokens at login, which with "jwksUri" needs "strategies.jwt.issuing.privateKey"/,
    ],
    [
      'an invalid LDAP url',
      { strategies: { jwt, ldap: { ...ldap, url: 'http://x' } } },
      /strategies.ldap: url/,
    ],
    [
      'an invalid schema name',
      { strategies: { jwt }, schema: 'Robert"; DROP' },
      /identity schema must be/,
    ],
    [
      'database strategies without a database',
      { strategies: { jwt, apiKeys: {} } },
      /import MikroOrmModule/,
    ],
  ])('refuses to start with %s', async (_name, options, message) => {
    expect((await startError(options)).message).toMatch(message);
  });

  it('says which strategy a login needs when it is not configured', async () => {
    const moduleRef = await compile({ strategies: { jwt } });
    await expect(
      moduleRef.get(LoginService).loginWithPassword({ username: 'u', password: 'p' }),
    ).rejects.toMatchObject({ code: 'IDENTITY_CONFIGURATION' });
    const host = new ExecutionContextHost([{ body: {} }, {}]);
    await expect(moduleRef.get(LocalLoginGuard).canActivate(host)).rejects.toMatchObject({
      message: "LocalLoginGuard needs IdentityModule's strategies.local.",
    });
    await moduleRef.close();
  });
});
