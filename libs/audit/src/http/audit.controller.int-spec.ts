import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccessControlModule, Authorize } from '@cqrs-ddd/access-control';
import {
  type AuditEntry,
  CqrsDddModule,
  isCqrsDddError,
  type Principal,
  runInContext,
  updateRequestContext,
} from '@cqrs-ddd/core';
import { testMikroOrmModule } from '@cqrs-ddd/event-store/testing';
import {
  type ArgumentsHost,
  type CanActivate,
  Catch,
  Controller,
  type ExceptionFilter,
  type ExecutionContext,
  type INestApplication,
  Injectable,
  Post,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuditModule } from '../module/audit.module.js';
import { AuditService } from '../recording/audit.service.js';

const PATH = '/compliance/audit';
const PRINCIPAL_HEADER = 'x-test-principal';

const auditor = (tenantId: string): Principal => ({
  id: `auditor-${tenantId}`,
  tenantId,
  roles: ['auditor'],
  authMethod: 'jwt',
});
const clerk: Principal = { id: 'carl', tenantId: 'acme', roles: ['clerk'], authMethod: 'jwt' };

@Authorize('note:write')
class WriteNote {
  static readonly type = 'note.write';
  constructor(readonly text: string) {}
}

@CommandHandler(WriteNote)
class WriteNoteHandler implements ICommandHandler<WriteNote> {
  async execute(): Promise<string> {
    return 'written';
  }
}

@Controller('notes')
class NotesController {
  constructor(private readonly commands: CommandBus) {}
  @Post()
  write(): Promise<string> {
    return this.commands.execute(new WriteNote('hello'));
  }
}

/** Stands in for the identity guard: the caller named by a header becomes the principal. */
@Injectable()
class TestIdentityGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.switchToHttp().getRequest<{ headers: Record<string, string> }>();
    const encoded = headers[PRINCIPAL_HEADER];
    if (encoded) {
      const principal = JSON.parse(Buffer.from(encoded, 'base64url').toString()) as Principal;
      updateRequestContext({ principal, tenantId: principal.tenantId });
    }
    return true;
  }
}

/** The app's error mapping: 401, 403, 400. */
@Catch()
class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const code = isCqrsDddError(error) ? error.code : 'INTERNAL';
    const status = { UNAUTHENTICATED: 401, FORBIDDEN: 403, VALIDATION_FAILED: 400 }[code] ?? 500;
    host.switchToHttp().getResponse().status(status).json({ code });
  }
}

let app: INestApplication;
let server: Parameters<typeof request>[0];

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      testMikroOrmModule(),
      CqrsDddModule.forRoot({ pipeline: { logging: false } }),
      AccessControlModule.forRoot({
        rbac: { roles: { auditor: ['audit:read'], clerk: ['note:write'] } },
      }),
      AuditModule.forRoot({
        store: 'postgres',
        postgres: { migrate: true },
        http: { path: PATH.slice(1) },
      }),
    ],
    controllers: [NotesController],
    providers: [
      WriteNoteHandler,
      { provide: APP_GUARD, useClass: TestIdentityGuard },
      { provide: APP_FILTER, useClass: ProblemFilter },
    ],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  server = app.getHttpServer();
  const audit = app.get(AuditService);
  const seed = (tenantId: string, action: string, outcome: AuditEntry['outcome']) =>
    runInContext({ tenantId }, () => audit.record({ action, outcome }));
  for (let i = 0; i < 3; i++) await seed('acme', 'order:confirm', 'success');
  await seed('acme', 'order:confirm', 'denied');
  await seed('acme', 'order:cancel', 'failed');
  await seed('globex', 'order:confirm', 'success');
  await seed('globex', 'invoice:send', 'success');
});

afterAll(async () => {
  await app?.close();
});

const as = (principal?: Principal) => {
  const get = (query: Record<string, string> = {}) => {
    const call = request(server).get(PATH).query(query);
    return principal
      ? call.set(PRINCIPAL_HEADER, Buffer.from(JSON.stringify(principal)).toString('base64url'))
      : call;
  };
  return { get };
};

describe('GET /audit (AuditController)', () => {
  it('refuses callers without a principal or without audit:read (the guard), and audits the refusal', async () => {
    await as().get().expect(401);
    await as(clerk).get().expect(403);
    const denials = await runInContext({ tenantId: 'acme' }, () =>
      app.get(AuditService).query({ action: 'audit:read' }),
    );
    expect(denials.items).toEqual([
      expect.objectContaining({ outcome: 'denied', actor: { id: 'carl', authMethod: 'jwt' } }),
    ]);
  });

  it("serves a page of the caller's tenant only, newest first, with filters", async () => {
    const { body } = await as(auditor('acme')).get().expect(200);
    const items = body.items as Array<Record<string, unknown>>;
    expect(new Set(items.map((item) => item.tenantId))).toEqual(new Set(['acme']));
    expect(items.map((item) => item.action)).toEqual([
      'audit:read',
      'order:cancel',
      'order:confirm',
      'order:confirm',
      'order:confirm',
      'order:confirm',
    ]);
    const filtered = await as(auditor('acme'))
      .get({ action: 'order:confirm', outcome: 'denied' })
      .expect(200);
    expect(filtered.body.items).toHaveLength(1);
    expect(filtered.body.items[0]).toMatchObject({ action: 'order:confirm', outcome: 'denied' });
  });

  it('pages with limit and cursor, without repeating entries', async () => {
    const first = await as(auditor('acme'))
      .get({ action: 'order:confirm', limit: '3' })
      .expect(200);
    expect(first.body.items).toHaveLength(3);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await as(auditor('acme'))
      .get({ action: 'order:confirm', limit: '3', cursor: first.body.nextCursor })
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
    const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(4);
  });

  it('exports every page as JSON Lines and as CSV, streamed with their content types', async () => {
    const jsonl = await as(auditor('acme')).get({ format: 'jsonl', limit: '2' }).expect(200);
    expect(jsonl.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = jsonl.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(6);
    expect(lines.every((entry) => entry.tenantId === 'acme')).toBe(true);

    const csv = await as(auditor('acme')).get({ format: 'csv', outcome: 'success' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('audit.csv');
    const [header, ...rows] = csv.text.trimEnd().split('\n');
    expect(header).toMatch(/^id,occurredAt,tenantId,actorId,/);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.includes(',acme,') && row.includes(',success,'))).toBe(true);
  });

  it('answers ValidationError for bad parameters, before any export starts', async () => {
    const bad = await as(auditor('acme')).get({ outcome: 'maybe', tenant: 'globex' }).expect(400);
    expect(bad.body).toEqual({ code: 'VALIDATION_FAILED' });
    await as(auditor('acme')).get({ format: 'csv', cursor: 'not-a-cursor' }).expect(400);
  });

  it("never shows another tenant's trail", async () => {
    const { body } = await as(auditor('globex')).get().expect(200);
    expect(body.items.map((item: { action: string }) => item.action).sort()).toEqual([
      'invoice:send',
      'order:confirm',
    ]);
    const csv = await as(auditor('globex')).get({ format: 'csv' }).expect(200);
    expect(csv.text).not.toContain('acme');
  });

  it("records the HTTP caller's address and user agent with a command's entry", async () => {
    await request(server)
      .post('/notes')
      .set(PRINCIPAL_HEADER, Buffer.from(JSON.stringify(clerk)).toString('base64url'))
      .set('User-Agent', 'audit-http-test/2.0')
      .expect(201);
    const { items } = await runInContext({ tenantId: 'acme' }, () =>
      app.get(AuditService).query({ action: 'note:write' }),
    );
    expect(items).toEqual([
      expect.objectContaining({
        outcome: 'success',
        actor: { id: 'carl', authMethod: 'jwt' },
        clientAddress: expect.stringMatching(/127\.0\.0\.1|::1/),
        userAgent: 'audit-http-test/2.0',
        details: { text: 'hello' },
      }),
    ]);
  });
});
