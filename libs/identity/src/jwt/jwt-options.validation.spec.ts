import { describe, expect, it } from '@jest/globals';
import { isIdentityConfigurationError } from '../errors/identity-configuration.error.js';
import { assertValidJwtOptions } from './jwt-options.validation.js';
import type { JwtStrategyOptions } from './jwt-strategy.options.js';

const secret = 's'.repeat(32);

describe('assertValidJwtOptions', () => {
  it('accepts a secret or a JWKS with fitting algorithms', () => {
    expect(() => assertValidJwtOptions({ secret })).not.toThrow();
    expect(() => assertValidJwtOptions({ secret, algorithms: ['HS256', 'HS512'] })).not.toThrow();
    expect(() => assertValidJwtOptions({ jwksUri: 'https://sso.test/certs' })).not.toThrow();
    expect(() =>
      assertValidJwtOptions({ jwksUri: 'https://sso.test/certs', algorithms: ['ES384', 'EdDSA'] }),
    ).not.toThrow();
  });

  it.each<[string, JwtStrategyOptions, RegExp]>([
    ['neither secret nor jwksUri', {}, /exactly one of "secret"/],
    ['both', { secret, jwksUri: 'https://sso.test/certs' }, /exactly one of "secret"/],
    ['a short secret', { secret: 'too-short' }, /at least 32 characters/],
    ['a jwksUri that is no URL', { jwksUri: 'sso.test/certs' }, /absolute http\(s\) URL/],
    ['a file: jwksUri', { jwksUri: 'file:///etc/keys.json' }, /absolute http\(s\) URL/],
    ['alg none', { secret, algorithms: ['none'] }, /only HS256, HS384, HS512 .*\(not none\)/],
    ['asymmetric algorithms with a secret', { secret, algorithms: ['RS256'] }, /not RS256/],
    [
      'HS algorithms with a JWKS',
      { jwksUri: 'https://sso.test/certs', algorithms: ['HS256'] },
      /not HS256/,
    ],
    ['no algorithm', { secret, algorithms: [] }, /"algorithms" must list/],
    ['a negative tolerance', { secret, clockToleranceSeconds: -1 }, /clockToleranceSeconds/],
    ['a zero lifetime', { secret, issuing: { expiresInSeconds: 0 } }, /expiresInSeconds/],
    [
      'a private key next to a secret',
      { secret, issuing: { privateKey: '---' } },
      /needs "jwksUri"/,
    ],
    [
      'an issuing algorithm not accepted',
      { secret, issuing: { algorithm: 'HS512' } },
      /issuing.algorithm/,
    ],
  ])('refuses %s', (_name, options, message) => {
    let caught: unknown;
    try {
      assertValidJwtOptions(options);
    } catch (error) {
      caught = error;
    }
    expect(isIdentityConfigurationError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toMatch(/^strategies\.jwt: /);
  });
});
