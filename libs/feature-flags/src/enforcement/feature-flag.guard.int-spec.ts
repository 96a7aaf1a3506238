import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FlagDefinition } from '@cqrs-ddd/core';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Controller, Get, type INestApplication, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GraphQLModule, Query, Resolver } from '@nestjs/graphql';
import request from 'supertest';
import { FeatureFlagsModule } from '../module/feature-flags.module.js';
import { FeatureFlagService } from '../service/feature-flag.service.js';
import { FeatureFlag } from './feature-flag.decorator.js';
import {
  asCaller,
  formatGraphQLError,
  PRINCIPAL_HEADER,
  principalOf,
  startFlagsApp,
} from './feature-flags-http.fixture.js';

const FLAGS: FlagDefinition[] = [
  { key: 'beta', enabled: true, defaultValue: true },
  { key: 'off', enabled: false, defaultValue: true },
  {
    key: 'acme-only',
    enabled: true,
    defaultValue: false,
    rules: [{ tenantIds: ['acme'], value: true }],
  },
];

/** Refused unless `acme-only` is on for the caller. */
@FeatureFlag('acme-only')
class ExportReports {
  static readonly type = 'reports.export';
}

@CommandHandler(ExportReports)
class ExportReportsHandler implements ICommandHandler<ExportReports> {
  async execute(): Promise<string> {
    return 'exported';
  }
}

@Controller('reports')
class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly flags: FeatureFlagService,
  ) {}
  @Get('open') open() {
    return { ok: 'open' };
  }
  @FeatureFlag('beta') @Get('beta') beta() {
    return { ok: 'beta' };
  }
  @FeatureFlag('off') @Get('hidden') hidden() {
    return { ok: 'hidden' };
  }
  @FeatureFlag('off', { whenDisabled: 'forbidden' }) @Get('forbidden') forbidden() {
    return { ok: 'forbidden' };
  }
  @FeatureFlag('no-such-flag') @Get('ghost') ghost() {
    return { ok: 'ghost' };
  }
  @FeatureFlag('acme-only') @Get('acme') acme() {
    return { ok: 'acme' };
  }
  @FeatureFlag('beta') @FeatureFlag('off') @Get('both') both() {
    return { ok: 'both' };
  }
  @Get('flags') async seen() {
    return {
      beta: await this.flags.isEnabled('beta'),
      acme: await this.flags.isEnabled('acme-only'),
    };
  }
  @Post('export') export(): Promise<string> {
    return this.commands.execute(new ExportReports());
  }
}

@FeatureFlag('off')
@Controller('legacy')
class LegacyController {
  @Get() list() {
    return { ok: 'legacy' };
  }
}

@Resolver()
class ReportsResolver {
  @Query(() => String) ping(): string {
    return 'pong';
  }
  @FeatureFlag('off', { whenDisabled: 'forbidden' }) @Query(() => String) secret(): string {
    return 'secret';
  }
  @FeatureFlag('acme-only') @Query(() => String) acmeReport(): string {
    return 'acme report';
  }
}

describe('@FeatureFlag over HTTP, GraphQL and the command bus', () => {
  let app: INestApplication;
  const acme = asCaller(principalOf('ann', 'acme'));
  const globex = asCaller(principalOf('bob', 'globex'));

  beforeAll(async () => {
    app = await startFlagsApp({
      imports: [
        FeatureFlagsModule.forRoot({ provider: 'memory', flags: FLAGS }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          includeStacktraceInErrorResponses: false,
          context: ({ req }: { req: unknown }) => ({ req }),
          formatError: formatGraphQLError,
        }),
      ],
      controllers: [ReportsController, LegacyController],
      providers: [ExportReportsHandler, ReportsResolver],
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string, caller = acme) =>
    request(app.getHttpServer()).get(path).set(PRINCIPAL_HEADER, caller);
  const graphql = (query: string, caller = acme) =>
    request(app.getHttpServer()).post('/graphql').set(PRINCIPAL_HEADER, caller).send({ query });

  it('lets calls through while the flag is on, and undecorated routes always', async () => {
    await get('/reports/open').expect(200, { ok: 'open' });
    await get('/reports/beta').expect(200, { ok: 'beta' });
  });

  it('answers 404 for a disabled flag by default, and for a flag that does not exist', async () => {
    const hidden = await get('/reports/hidden').expect(404);
    expect(hidden.body).toMatchObject({
      code: 'NOT_FOUND',
      detail: expect.stringContaining('GET /reports/hidden'),
    });
    await get('/reports/ghost').expect(404);
  });

  it("answers 403 with whenDisabled: 'forbidden'", async () => {
    const response = await get('/reports/forbidden').expect(403);
    expect(response.body.code).toBe('FORBIDDEN');
    expect(response.body.detail).toContain('"off"');
  });

  it('requires every flag declared on the class and the method', async () => {
    await get('/reports/both').expect(404);
    await get('/legacy').expect(404);
  });

  it("evaluates for the caller's tenant from the request context", async () => {
    await get('/reports/acme', acme).expect(200, { ok: 'acme' });
    await get('/reports/acme', globex).expect(404);
    await get('/reports/flags', acme).expect(200, { beta: true, acme: true });
    await get('/reports/flags', globex).expect(200, { beta: true, acme: false });
  });

  it('refuses a flagged command in the pipeline, whatever the route', async () => {
    const refused = await request(app.getHttpServer())
      .post('/reports/export')
      .set(PRINCIPAL_HEADER, globex)
      .expect(404);
    expect(refused.body.detail).toContain('Command "reports.export"');
    await request(app.getHttpServer())
      .post('/reports/export')
      .set(PRINCIPAL_HEADER, acme)
      .expect(201);
  });

  it('guards GraphQL operations with the same rules', async () => {
    const ping = await graphql('{ ping }').expect(200);
    expect(ping.body.data).toEqual({ ping: 'pong' });
    const secret = await graphql('{ secret }').expect(200);
    expect(secret.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hidden = await graphql('{ acmeReport }', globex).expect(200);
    expect(hidden.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(hidden.body.errors?.[0]?.message).toContain('acmeReport');
    const allowed = await graphql('{ acmeReport }', acme).expect(200);
    expect(allowed.body.data).toEqual({ acmeReport: 'acme report' });
  });
});
