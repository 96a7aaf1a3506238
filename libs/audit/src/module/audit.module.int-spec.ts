import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessControlModule } from '@cqrs-ddd/access-control';
import {
  type AuditEntry,
  CqrsDddModule,
  type Principal,
  REDACTED,
  type RequestContextState,
  runInContext,
  type UnitOfWork,
} from '@cqrs-ddd/core';
import { EVENT_STORE_UNIT_OF_WORK, EventStoreModule } from '@cqrs-ddd/event-store';
import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import { IdentityModule, LocalLoginGuard, LocalUserStore, LoginService } from '@cqrs-ddd/identity';
import { MikroORM } from '@mikro-orm/core';
import type { ExecutionContext, INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { AuditStore } from '../chain/audit.store.js';
import { AuditService } from '../recording/audit.service.js';
import {
  ACCOUNT_PROVIDERS,
  ACCOUNT_ROLES,
  AccountRows,
  accountsTableDdl,
  CloseAccount,
  Deposit,
  ExportAccounts,
  GetAccount,
  ImportAccounts,
  OpenAccount,
} from './audit-accounts.app.fixture.js';
import { AuditModule } from './audit.module.js';

const AUDIT_SCHEMA = 'compliance';
const APP_SCHEMA = 'accounts_app';
const PASSWORD = 'correct horse battery staple';
const SECRETS = ['hunter2-secret', 'tok-abc-123', '4111111111111111', PASSWORD, 'wrong-pw-42'];

const clerk: Principal = { id: 'ann', tenantId: 'acme', roles: ['clerk'], authMethod: 'jwt' };
const viewer: Principal = { id: 'vic', tenantId: 'acme', roles: ['viewer'], authMethod: 'jwt' };

let app: INestApplicationContext;
let sql: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      testMikroOrmModule({ registerRequestContext: false }),
      CqrsDddModule.forRootAsync({
        imports: [EventStoreModule.forRoot({ driver: 'postgres', postgres: { migrate: true } })],
        inject: [EVENT_STORE_UNIT_OF_WORK],
        useFactory: (unitOfWork: UnitOfWork) => ({
          unitOfWork,
          context: { http: false },
          pipeline: { logging: false, retry: { maxAttempts: 2, baseDelayMs: 1 } },
        }),
        modules: [AccessControlModule.forRoot({ rbac: { roles: ACCOUNT_ROLES } })],
      }),
      AuditModule.forRoot({
        store: 'postgres',
        postgres: { schema: AUDIT_SCHEMA, migrate: true },
        redact: ['payment.card.number'],
      }),
      IdentityModule.forRoot({
        strategies: { jwt: { secret: 'audit-tests-secret-'.padEnd(40, 'x') }, local: {} },
        migrate: true,
        schema: 'identity',
        guard: 'none',
      }),
    ],
    providers: ACCOUNT_PROVIDERS,
  }).compile();
  app = await moduleRef.init();
  const connection = app.get(MikroORM).em.getConnection();
  sql = (text, params = []) =>
    connection.execute(text, params) as Promise<Record<string, unknown>[]>;
  await sql(`CREATE SCHEMA ${APP_SCHEMA}`);
  await sql(accountsTableDdl(APP_SCHEMA));
  app.get(AccountRows).schema = APP_SCHEMA;
  await app.get(LocalUserStore).createUser({
    username: 'lena',
    password: PASSWORD,
    tenantId: 'acme',
    principalId: 'user-lena',
    roles: ['clerk'],
  });
});

afterAll(async () => {
  await app?.close();
});

const as = <T>(
  principal: Principal | undefined,
  work: () => Promise<T>,
  extra: RequestContextState = {},
) => runInContext({ tenantId: 'acme', principal, ...extra }, work);
const execute = (principal: Principal, command: object, extra?: RequestContextState) =>
  as(principal, () => app.get(CommandBus).execute(command), extra);
const ask = (principal: Principal, query: object) =>
  as(principal, () => app.get(QueryBus).execute(query));

/** The acme trail for `action`, newest first. */
async function trail(action: string): Promise<AuditEntry[]> {
  return (await app.get(AuditStore).query({ tenantId: 'acme', action })).items as AuditEntry[];
}

async function accountIds(): Promise<string[]> {
  const rows = await sql(`SELECT id FROM ${APP_SCHEMA}.accounts ORDER BY id`);
  return rows.map((row) => String(row.id));
}

const openAccount = (id: string) =>
  new OpenAccount(id, 'Ann', 'hunter2-secret', 'tok-abc-123', {
    card: { number: '4111111111111111', expiry: '12/30' },
  });

describe('AuditModule in a Nest app on PostgreSQL', () => {
  it('records a command success in its transaction, with action and resource from @Authorize and the context', async () => {
    await execute(clerk, openAccount('a-1'), {
      correlationId: 'corr-open',
      clientAddress: '203.0.113.7',
      userAgent: 'audit-test/1.0',
    });
    expect(await accountIds()).toEqual(['a-1']);
    const [entry, ...others] = await trail('account:open');
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      tenantId: 'acme',
      actor: { id: 'ann', authMethod: 'jwt' },
      action: 'account:open',
      resource: { type: 'Account', id: 'a-1' },
      outcome: 'success',
      correlationId: 'corr-open',
      clientAddress: '203.0.113.7',
      userAgent: 'audit-test/1.0',
    });
  });

  it('redacts passwords, tokens and configured paths: no secret reaches the database', async () => {
    const [entry] = await trail('account:open');
    expect(entry!.details).toEqual({
      accountId: 'a-1',
      owner: 'Ann',
      password: REDACTED,
      accessToken: REDACTED,
      payment: { card: { number: REDACTED, expiry: '12/30' } },
    });
    for (const secret of SECRETS) {
      const [row] = await sql(
        `SELECT count(*)::int AS n FROM ${AUDIT_SCHEMA}.audit_log AS log WHERE log::text LIKE ?`,
        [`%${secret}%`],
      );
      expect({ secret, rows: row!.n }).toEqual({ secret, rows: 0 });
    }
  });

  it('records a domain failure as failed with its code and reason', async () => {
    await expect(execute(clerk, new CloseAccount('a-1'))).rejects.toThrow('stays open');
    expect(await trail('account:close')).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        errorCode: 'DOMAIN_RULE_VIOLATION',
        reason: 'An account with a balance stays open.',
        resource: { type: 'Account', id: 'a-1' },
        actor: { id: 'ann', authMethod: 'jwt' },
      }),
    ]);
  });

  it('records a concurrency failure once, after the retries, and a later success', async () => {
    await expect(execute(clerk, new Deposit('a-1', 10, 5))).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
    });
    await expect(execute(clerk, new Deposit('a-1', 10, 0))).resolves.toBe(1);
    expect((await trail('account:deposit')).map((e) => [e.outcome, e.errorCode])).toEqual([
      ['success', undefined],
      ['failed', 'CONCURRENCY_CONFLICT'],
    ]);
  });

  it("records a policy denial once, through access-control's listener into the same store", async () => {
    await expect(execute(viewer, new CloseAccount('a-1'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const denials = (await trail('account:close')).filter((e) => e.outcome === 'denied');
    expect(denials).toEqual([
      expect.objectContaining({
        actor: { id: 'vic', authMethod: 'jwt' },
        resource: { type: 'Account', id: 'a-1' },
        reason: 'missing permission account:close',
      }),
    ]);
  });

  it('a commit failing after the handler (deferred constraint) leaves no success entry, only the failure', async () => {
    await expect(execute(clerk, new ImportAccounts(['dup', 'dup']))).rejects.toThrow(
      /accounts_id_unique/,
    );
    expect(await accountIds()).toEqual(['a-1']);
    expect(await trail('account:import')).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        errorCode: 'INTERNAL_ERROR',
        // The class of the driver's error (pg's DatabaseError raised by COMMIT), not its message.
        reason: expect.stringMatching(/^[A-Z]\w*(Error|Exception)$/),
      }),
    ]);
  });

  it('fails a command whose success entry cannot be written, rolling its changes back', async () => {
    // U+0000 cannot be stored in PostgreSQL text: the store refuses the entry.
    await expect(
      execute(clerk, openAccount('a-2'), { userAgent: 'bad\u0000agent' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await accountIds()).toEqual(['a-1']);
    expect((await trail('account:open')).map((e) => e.resource?.id)).toEqual(['a-1']);
  });

  it('records queries only when @Audited', async () => {
    await expect(ask(viewer, new GetAccount('a-1'))).resolves.toEqual({ id: 'a-1' });
    await expect(ask(clerk, new ExportAccounts())).resolves.toEqual([]);
    expect(await trail('account:read')).toEqual([]);
    expect(await trail('account:export')).toEqual([
      expect.objectContaining({ outcome: 'success', actor: { id: 'ann', authMethod: 'jwt' } }),
    ]);
  });

  it('records logins: success with the principal, refusal with the username, never the password', async () => {
    const logins = app.get(LoginService);
    await expect(
      as(undefined, () =>
        logins.loginWithPassword({ username: 'lena', password: PASSWORD, tenantId: 'acme' }),
      ),
    ).resolves.toHaveProperty('accessToken');
    await expect(
      as(undefined, () =>
        logins.loginWithPassword({ username: 'lena', password: 'wrong-pw-42', tenantId: 'acme' }),
      ),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const [refused, success] = await trail('identity:login');
    expect(success).toMatchObject({ outcome: 'success', actor: { id: 'user-lena' } });
    expect(refused).toMatchObject({
      outcome: 'denied',
      errorCode: 'UNAUTHENTICATED',
      details: { username: 'lena' },
    });
    expect(refused).not.toHaveProperty('actor');
    expect(JSON.stringify([refused, success])).not.toMatch(/wrong-pw-42|horse|eyJ/);
  });

  it('records logins refused by the login guard of an HTTP route', async () => {
    const body = { username: 'nobody', password: 'wrong-pw-42', tenant: 'acme' };
    const http = {
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => ({ body }) }),
    } as unknown as ExecutionContext;
    await expect(
      as(undefined, () => app.get(LocalLoginGuard).canActivate(http)),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const [refused] = await trail('identity:login');
    expect(refused).toMatchObject({
      tenantId: 'acme',
      outcome: 'denied',
      details: { username: 'nobody' },
    });
    expect(JSON.stringify(refused)).not.toContain('wrong-pw-42');
  });

  it("keeps the tenant's chain contiguous and verifiable through rollbacks", async () => {
    const audit = app.get(AuditService);
    const [{ n }] = (await sql(
      `SELECT count(*)::int AS n FROM ${AUDIT_SCHEMA}.audit_log WHERE tenant_key = 'acme'`,
    )) as [{ n: number }];
    await expect(as(clerk, () => audit.verify())).resolves.toEqual(
      expect.objectContaining({ valid: true, checked: n, lastSequence: n }),
    );
  });
});
