import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UnauthenticatedError } from '@cqrs-ddd/core';
import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  HttpCode,
  type INestApplication,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import { AuthGuard, PassportModule } from '@nestjs/passport';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import request from 'supertest';
import { freePort } from '../../../../.ci/jest/postgres.js';
import { AUTHENTICATION_FAILED_MESSAGE } from '../provider/authentication-failed.js';
import { type SlapdDirectory, startSlapd } from '../testing/slapd.fixture.js';
import { LDAP_MISSING_CREDENTIALS_MESSAGE, LDAP_UNREACHABLE_MESSAGE } from './ldap-failure.js';
import { LDAP_STRATEGY_OPTIONS, type LdapStrategyOptions } from './ldap.options.js';
import { LdapStrategy } from './ldap.strategy.js';

const ALICE_PASSWORD = 'alice-ldap-passphrase';
const BOB_PASSWORD = 'bob-ldap-passphrase';

@Controller()
class LoginController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(AuthGuard('cqrs-ldap'))
  login(@Req() req: { user: unknown }) {
    return req.user;
  }
}

/** What the app does with the library's errors: UNAUTHENTICATED → 401. */
@Catch(UnauthenticatedError)
class UnauthenticatedFilter implements ExceptionFilter {
  catch(error: UnauthenticatedError, host: ArgumentsHost) {
    host.switchToHttp().getResponse<Response>().status(401).json({
      code: error.code,
      message: error.message,
    });
  }
}

/** A Nest app with a login route guarded by the LDAP strategy built from `options`. */
async function loginApp(options: LdapStrategyOptions): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [PassportModule],
    controllers: [LoginController],
    providers: [{ provide: LDAP_STRATEGY_OPTIONS, useValue: options }, LdapStrategy],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new UnauthenticatedFilter());
  await app.init();
  return app;
}

describe('LdapStrategy against a real slapd', () => {
  let directory: SlapdDirectory;
  let options: LdapStrategyOptions;

  beforeAll(async () => {
    directory = await startSlapd({
      users: [
        {
          uid: 'alice',
          password: ALICE_PASSWORD,
          attributes: { mail: 'alice@cqrs-ddd.test', departmentNumber: 'sales', l: 'acme' },
        },
        { uid: 'bob', password: BOB_PASSWORD, attributes: { l: 'globex' } },
      ],
      groups: [
        { cn: 'approvers', members: ['alice'] },
        { cn: 'readers', members: ['alice', 'bob'] },
        { cn: 'unmapped', members: ['bob'] },
      ],
    });
    options = {
      url: directory.url,
      bindDN: directory.bindDN,
      bindCredentials: directory.bindCredentials,
      searchBase: directory.peopleDN,
      groupSearchBase: directory.groupsDN,
      groupRoles: {
        [`cn=approvers,${directory.groupsDN}`]: ['order:approver', 'order:reader'],
        readers: ['order:reader'],
      },
      tenantId: 'acme',
      attributes: ['mail', 'departmentNumber'],
    };
  });
  afterAll(async () => {
    await directory?.stop();
  });

  /** Posts a login to a fresh app built from `overrides` of the options. */
  async function login(body: object, overrides: Partial<LdapStrategyOptions> = {}) {
    const app = await loginApp({ ...options, ...overrides });
    try {
      return await request(app.getHttpServer()).post('/login').send(body);
    } finally {
      await app.close();
    }
  }

  it('logs in with the right password: principal with mapped roles, tenant and attributes', async () => {
    const response = await login({ username: 'alice', password: ALICE_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: 'alice',
      tenantId: 'acme',
      roles: ['order:approver', 'order:reader'],
      attributes: { mail: 'alice@cqrs-ddd.test', departmentNumber: 'sales' },
      authMethod: 'ldap',
    });
    const bob = await login({ username: 'bob', password: BOB_PASSWORD });
    expect(bob.body).toEqual({
      id: 'bob',
      tenantId: 'acme',
      roles: ['order:reader'],
      authMethod: 'ldap',
    });
  });

  it('takes the tenant from an attribute of the entry when configured', async () => {
    const response = await login(
      { username: 'bob', password: BOB_PASSWORD },
      { tenantId: undefined, tenantAttribute: 'l' },
    );
    expect(response.body).toMatchObject({ id: 'bob', tenantId: 'globex' });
  });

  it('refuses a wrong password and an unknown user with one 401 that echoes neither', async () => {
    const wrong = await login({ username: 'alice', password: 'guessed-secret-1' });
    const unknown = await login({ username: 'mallory', password: 'guessed-secret-1' });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        code: 'UNAUTHENTICATED',
        message: AUTHENTICATION_FAILED_MESSAGE,
      });
      expect(response.text).not.toMatch(/guessed-secret-1|mallory/);
    }
  });

  it('refuses missing credentials (an empty password never becomes an anonymous bind)', async () => {
    for (const body of [{ username: 'alice', password: '' }, { username: 'alice' }, {}]) {
      const response = await login(body);
      expect(response.status).toBe(401);
      expect(response.body.message).toBe(LDAP_MISSING_CREDENTIALS_MESSAGE);
    }
  });

  it('escapes the username in the search filter', async () => {
    const response = await login({ username: '*', password: ALICE_PASSWORD });
    expect(response.status).toBe(401);
    expect(response.body.message).toBe(AUTHENTICATION_FAILED_MESSAGE);
  });

  it('answers 401 with a clear message when the directory is down', async () => {
    const down = `ldap://127.0.0.1:${await freePort()}/`;
    const response = await login({ username: 'alice', password: ALICE_PASSWORD }, { url: down });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ code: 'UNAUTHENTICATED', message: LDAP_UNREACHABLE_MESSAGE });
    expect(response.text).not.toContain(ALICE_PASSWORD);
  });

  describe('a directory that accepts connections but never answers', () => {
    let silent: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('gives up after timeoutMs with the unreachable message', async () => {
      const { port } = silent.address() as { port: number };
      const started = Date.now();
      const response = await login(
        { username: 'alice', password: ALICE_PASSWORD },
        { url: `ldap://127.0.0.1:${port}/`, timeoutMs: 300 },
      );
      expect(response.status).toBe(401);
      expect(response.body.message).toBe(LDAP_UNREACHABLE_MESSAGE);
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });
});
