import { describe, expect, it } from '@jest/globals';
import { describeIdentityProviderContract } from '../../testing/contracts/identity-provider.contract.js';
import { IDENTITY_CONTRACT_FIXTURES } from '../../testing/contracts/identity-provider.fixtures.js';
import { FakeClock } from './fake-clock.adapter.js';
import { InMemoryIdentityProvider } from './in-memory-identity-provider.adapter.js';

/** Cheap scrypt cost: these tests check behaviour, not hash strength. */
const scryptCost = 1_024;

describeIdentityProviderContract('InMemoryIdentityProvider', async () => {
  const clock = new FakeClock();
  const identity = new InMemoryIdentityProvider({ clock, scryptCost });
  for (const user of IDENTITY_CONTRACT_FIXTURES.users) {
    await identity.registerUser({
      ...user.principal,
      username: user.username,
      password: user.password,
    });
  }
  for (const apiKey of IDENTITY_CONTRACT_FIXTURES.apiKeys) {
    identity.registerApiKey(apiKey.key, apiKey.principal);
  }
  return {
    adapter: identity,
    issueBearerToken: (principal, options) => identity.issueToken(principal, options),
    advanceTime: (ms) => clock.advance(ms),
  };
});

describe('InMemoryIdentityProvider', () => {
  const principal = { id: 'u1', tenantId: 't1', roles: ['r'] };

  it('keeps no secret in plain text', async () => {
    const identity = new InMemoryIdentityProvider({ scryptCost });
    const password = 'plain-text-password-canary';
    const key = 'api-key-canary-0123456789';
    await identity.registerUser({ ...principal, username: 'u', password });
    identity.registerApiKey(key, principal);
    const token = identity.issueToken({ ...principal, authMethod: 'local' });
    const dump = JSON.stringify(identity, (_, value: unknown) =>
      value instanceof Map
        ? [...value.entries()]
        : Buffer.isBuffer(value)
          ? value.toString('hex')
          : value,
    );
    for (const secret of [password, key, token]) expect(dump).not.toContain(secret);
  });

  it('revokes tokens', async () => {
    const identity = new InMemoryIdentityProvider({ scryptCost });
    const token = identity.issueToken({ ...principal, authMethod: 'jwt' });
    expect(identity.revokeToken(token)).toBe(true);
    expect(identity.revokeToken(token)).toBe(false);
    await expect(identity.authenticate({ kind: 'bearer', token })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses duplicate usernames per tenant, short API keys and invalid token TTLs', async () => {
    const identity = new InMemoryIdentityProvider({ scryptCost });
    await identity.registerUser({ ...principal, username: 'u', password: 'p' });
    await identity.registerUser({ ...principal, tenantId: 't2', username: 'u', password: 'p' });
    await expect(
      identity.registerUser({ ...principal, username: 'u', password: 'other' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      identity.registerUser({ ...principal, username: '', password: 'p' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(() => identity.registerApiKey('short', principal)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    identity.registerApiKey('long-enough-key-123', principal);
    expect(() => identity.registerApiKey('long-enough-key-123', principal)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => identity.issueToken({ ...principal, authMethod: 'jwt' }, { ttlMs: 0 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('normalises passwords to NFC so equivalent spellings match', async () => {
    const identity = new InMemoryIdentityProvider({ scryptCost });
    await identity.registerUser({ ...principal, username: 'u', password: 'caf\u00e9' });
    await expect(
      identity.authenticate({
        kind: 'password',
        username: 'u',
        password: 'cafe\u0301',
        tenantId: 't1',
      }),
    ).resolves.toMatchObject({ id: 'u1', authMethod: 'local' });
  });
});
