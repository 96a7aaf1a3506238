import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IdentityProvider } from '@cqrs-ddd/core';
import { MikroORM } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import request from 'supertest';
import { ApiKeyStore } from '../api-keys/api-key.store.js';
import { TEST_SECRET } from '../jwt/jwt-test-tokens.fixture.js';
import { LoginService } from '../login/login.service.js';
import { AUTHENTICATION_FAILED_MESSAGE } from '../provider/authentication-failed.js';
import { LocalUserStore } from '../users/local-user.store.js';
import { type IdentityApp, startIdentityApp } from './identity-test-app.fixture.js';

const PASSWORD = 'correct horse battery staple';
const WRONG = 'Tr0ub4dor&3-wrong-password';

describe('IdentityModule with local users and API keys (PostgreSQL), end to end over HTTP', () => {
  const schema = `identity_app_${randomBytes(5).toString('hex')}`;
  let started: IdentityApp;
  let server: ReturnType<IdentityApp['app']['getHttpServer']>;

  beforeAll(async () => {
    started = await startIdentityApp(
      {
        strategies: {
          jwt: { secret: TEST_SECRET, issuer: 'orders-app' },
          local: { maxFailedAttempts: 3, lockoutSeconds: 600 },
          apiKeys: { prefix: 'svc' },
        },
        migrate: true,
        schema,
      },
      {
        imports: [
          MikroOrmModule.forRoot({
            driver: PostgreSqlDriver,
            clientUrl: process.env.DATABASE_URL,
            entities: [],
            discovery: { warnWhenNoEntities: false },
            registerRequestContext: false,
          }),
        ],
      },
    );
    server = started.app.getHttpServer();
    const users = started.app.get(LocalUserStore);
    await users.createUser({
      username: 'alice',
      password: PASSWORD,
      tenantId: 'acme',
      principalId: 'user-alice',
      roles: ['order:writer'],
      attributes: { region: 'emea' },
    });
    await users.createUser({ username: 'mallory', password: PASSWORD, roles: ['order:reader'] });
  });

  afterAll(async () => {
    if (started) {
      await started.app.get(MikroORM).em.getConnection().execute(`DROP SCHEMA "${schema}" CASCADE`);
      await started.app.close();
    }
  });

  const login = (body: object) => request(server).post('/auth/login').send(body);
  const me = (header: string, value: string) => request(server).get('/me').set(header, value);

  it('migrates the identity tables into the configured schema at start', async () => {
    const connection = started.app.get(MikroORM).em.getConnection();
    const rows = (await connection.execute(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1`,
      [schema],
    )) as { table_name: string }[];
    expect(rows.map((row) => row.table_name)).toEqual(['identity_api_keys', 'identity_users']);
  });

  it('logs a local user in and the issued token authenticates the next requests', async () => {
    const response = await login({ username: 'alice', password: PASSWORD, tenant: 'acme' }).expect(
      201,
    );
    expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    const principal = (await me('Authorization', `Bearer ${response.body.accessToken}`).expect(200))
      .body.principal;
    expect(principal).toEqual({
      id: 'user-alice',
      tenantId: 'acme',
      roles: ['order:writer'],
      attributes: { region: 'emea' },
      authMethod: 'jwt',
    });
  });

  it('refuses wrong passwords, unknown users and the wrong tenant with one generic 401', async () => {
    for (const body of [
      { username: 'alice', password: WRONG, tenant: 'acme' },
      { username: 'nobody', password: PASSWORD, tenant: 'acme' },
      { username: 'alice', password: PASSWORD, tenant: 'globex' },
    ]) {
      const response = await login(body).expect(401);
      expect(JSON.parse(response.text)).toMatchObject({
        code: 'UNAUTHENTICATED',
        detail: AUTHENTICATION_FAILED_MESSAGE,
      });
      expect(response.text).not.toContain(body.password);
    }
    expect(started.logger.lines.join('\n')).not.toContain(WRONG);
  });

  it('asks for username and password, and ignores credentials in the query string', async () => {
    const empty = await login({}).expect(401);
    expect(JSON.parse(empty.text).detail).toMatch(/Send "username" and "password"/);
    await request(server)
      .post(`/auth/login?username=mallory&password=${encodeURIComponent(PASSWORD)}`)
      .send({})
      .expect(401);
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await login({ username: 'mallory', password: WRONG }).expect(401);
    }
    await login({ username: 'mallory', password: PASSWORD }).expect(401);
    await started.app.get(LocalUserStore).unlock({ username: 'mallory' });
    await login({ username: 'mallory', password: PASSWORD }).expect(201);
  });

  it('authenticates API keys from X-Api-Key and Authorization: ApiKey, and refuses revoked ones', async () => {
    const keys = started.app.get(ApiKeyStore);
    const { id, key } = await keys.issue({
      name: 'billing service',
      principalId: 'svc-billing',
      tenantId: 'acme',
      roles: ['order:reader'],
    });
    expect(key).toMatch(/^svc_/);
    const expected = {
      id: 'svc-billing',
      tenantId: 'acme',
      roles: ['order:reader'],
      authMethod: 'api-key',
    };
    expect((await me('X-Api-Key', key).expect(200)).body.principal).toEqual(expected);
    expect((await me('Authorization', `ApiKey ${key}`).expect(200)).body.principal).toEqual(
      expected,
    );
    await keys.revoke(id);
    const revoked = await me('X-Api-Key', key).expect(401);
    expect(JSON.parse(revoked.text).detail).toBe(AUTHENTICATION_FAILED_MESSAGE);
    await me('X-Api-Key', `svc_${'A'.repeat(43)}`).expect(401);
    expect(started.logger.lines.join('\n')).not.toContain(key);
  });

  it('offers password logins without a guard and the core IdentityProvider port', async () => {
    const issued = await started.app
      .get(LoginService)
      .loginWithPassword({ username: 'alice', password: PASSWORD, tenantId: 'acme' });
    const provider = started.app.get(IdentityProvider);
    await expect(
      provider.authenticate({ kind: 'bearer', token: issued.accessToken }),
    ).resolves.toMatchObject({
      id: 'user-alice',
      authMethod: 'jwt',
    });
    await expect(
      provider.authenticate({
        kind: 'password',
        username: 'alice',
        password: PASSWORD,
        tenantId: 'acme',
      }),
    ).resolves.toMatchObject({ id: 'user-alice', authMethod: 'local' });
  });
});
