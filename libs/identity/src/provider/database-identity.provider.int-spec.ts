import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Principal, UnauthenticatedError } from '@cqrs-ddd/core';
import {
  describeIdentityProviderContract,
  IDENTITY_CONTRACT_FIXTURES,
} from '@cqrs-ddd/core/testing';
import { createTestOrm } from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { jwtVerify, SignJWT } from 'jose';
import { ApiKeyStore } from '../api-keys/api-key.store.js';
import { createIdentityTestSchema, fastHasher } from '../testing/identity-database.fixture.js';
import { LocalUserStore } from '../users/local-user.store.js';
import { AUTHENTICATION_FAILED_MESSAGE } from './authentication-failed.js';
import { DatabaseIdentityProvider } from './database-identity.provider.js';

/** A minimal HS256 issuer/verifier pair for the bearer part of the contract (test only). */
const secret = new TextEncoder().encode('database-identity-provider-contract-secret');
const issueToken = (principal: Principal, ttlMs = 3_600_000) =>
  new SignJWT({
    tenant: principal.tenantId,
    roles: principal.roles,
    attributes: principal.attributes,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.id)
    .setExpirationTime(Math.ceil((Date.now() + ttlMs) / 1000))
    .sign(secret);
const verifyToken = async (token: string): Promise<Principal> => {
  const { payload } = await jwtVerify<{
    tenant?: string;
    roles: string[];
    attributes?: Record<string, unknown>;
  }>(token, secret, { algorithms: ['HS256'] }).catch(() => {
    throw new UnauthenticatedError('The bearer token is invalid or expired.');
  });
  return {
    id: payload.sub!,
    ...(payload.tenant === undefined ? {} : { tenantId: payload.tenant }),
    roles: payload.roles,
    ...(payload.attributes === undefined ? {} : { attributes: payload.attributes }),
    authMethod: 'jwt',
  };
};

describe('DatabaseIdentityProvider (PostgreSQL)', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await createTestOrm();
  });
  afterAll(async () => {
    await orm.close();
  });

  describeIdentityProviderContract('DatabaseIdentityProvider', async () => {
    const db = await createIdentityTestSchema(orm);
    const users = new LocalUserStore(db.connection, { schema: db.schema, hasher: fastHasher() });
    const apiKeys = new ApiKeyStore(db.connection, { schema: db.schema });
    for (const { username, password, principal } of IDENTITY_CONTRACT_FIXTURES.users) {
      const { id: principalId, ...rest } = principal;
      await users.createUser({ username, password, principalId, ...rest });
    }
    for (const { key, principal } of IDENTITY_CONTRACT_FIXTURES.apiKeys) {
      const { id: principalId, ...rest } = principal;
      await apiKeys.register(key, { name: 'contract key', principalId, ...rest });
    }
    return {
      adapter: new DatabaseIdentityProvider({ users, apiKeys, verifyBearer: verifyToken }),
      issueBearerToken: (principal, options) => issueToken(principal, options?.ttlMs),
      dispose: () => db.drop(),
    };
  });

  it('refuses every credential kind it was given no verifier for', async () => {
    const identity = new DatabaseIdentityProvider({});
    for (const credentials of [
      { kind: 'password' as const, username: 'root', password: 'platform-admin-passphrase' },
      { kind: 'api-key' as const, key: IDENTITY_CONTRACT_FIXTURES.apiKeys[0].key },
      {
        kind: 'bearer' as const,
        token: await issueToken({ id: 'u', roles: [], authMethod: 'jwt' }),
      },
    ]) {
      await expect(identity.authenticate(credentials)).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
        message: AUTHENTICATION_FAILED_MESSAGE,
      });
    }
  });
});
