import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { TEST_SECRET } from '../jwt/jwt-test-tokens.fixture.js';
import { type SlapdDirectory, startSlapd } from '../testing/slapd.fixture.js';
import { type IdentityApp, startIdentityApp } from './identity-test-app.fixture.js';

const PASSWORD = 'dana-ldap-passphrase';

describe('IdentityModule with LDAP logins against a real slapd, end to end over HTTP', () => {
  let directory: SlapdDirectory;
  let started: IdentityApp;

  beforeAll(async () => {
    directory = await startSlapd({
      users: [{ uid: 'dana', password: PASSWORD, attributes: { departmentNumber: 'ops' } }],
      groups: [{ cn: 'approvers', members: ['dana'] }],
    });
    started = await startIdentityApp({
      strategies: {
        jwt: { secret: TEST_SECRET },
        ldap: {
          url: directory.url,
          bindDN: directory.bindDN,
          bindCredentials: directory.bindCredentials,
          searchBase: directory.peopleDN,
          groupSearchBase: directory.groupsDN,
          groupRoles: { approvers: ['order:approver'] },
          tenantId: 'acme',
          attributes: ['departmentNumber'],
        },
      },
    });
  });

  afterAll(async () => {
    await started?.app.close();
    await directory?.stop();
  });

  const login = (body: object) =>
    request(started.app.getHttpServer()).post('/auth/ldap-login').send(body);

  it('binds as the user, maps its groups to roles and issues a token the guard accepts', async () => {
    const issued = await login({ username: 'dana', password: PASSWORD }).expect(201);
    expect(issued.body).toMatchObject({ tokenType: 'Bearer' });
    const response = await request(started.app.getHttpServer())
      .get('/me')
      .set('Authorization', `Bearer ${issued.body.accessToken}`)
      .expect(200);
    expect(response.body.principal).toEqual({
      id: 'dana',
      tenantId: 'acme',
      roles: ['order:approver'],
      attributes: { departmentNumber: 'ops' },
      authMethod: 'jwt',
    });
  });

  it('refuses a wrong password with 401 and keeps the password out of responses and logs', async () => {
    const wrong = 'not-the-ldap-passphrase';
    const response = await login({ username: 'dana', password: wrong }).expect(401);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(response.text).not.toContain(wrong);
    expect(started.logger.lines.join('\n')).not.toContain(wrong);
    expect(started.logger.lines.join('\n')).not.toContain(directory.bindCredentials);
  });
});
