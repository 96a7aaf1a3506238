import {
  CqrsDddModule,
  currentRequestContext,
  isCqrsDddError,
  isUnauthenticatedError,
  type Principal,
} from '@cqrs-ddd/core';
import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  type INestApplication,
  Logger,
  type LoggerService,
  type ModuleMetadata,
  Post,
  UseGuards,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { LdapLoginGuard } from '../login/ldap-login.guard.js';
import { LocalLoginGuard } from '../login/local-login.guard.js';
import { LoginService } from '../login/login.service.js';
import { CurrentPrincipal } from '../principal/current-principal.decorator.js';
import { Public } from '../principal/public.decorator.js';
import type { IdentityModuleOptions } from './identity-module.options.js';
import { IdentityModule } from './identity.module.js';

/** What `GET /me` and `GET /health` answer. */
export interface Seen {
  /** `@CurrentPrincipal()`. */
  readonly principal: Principal | null;
  /** The request context's principal, as the pipeline and event metadata see it. */
  readonly contextPrincipal: Principal | null;
}

const seen = (principal: Principal | undefined): Seen => ({
  principal: principal ?? null,
  contextPrincipal: currentRequestContext()?.principal ?? null,
});

@Controller()
class ProbeController {
  constructor(private readonly logins: LoginService) {}

  @Get('me')
  me(@CurrentPrincipal() principal: Principal | undefined): Seen {
    return seen(principal);
  }

  @Public()
  @Get('health')
  health(@CurrentPrincipal() principal: Principal | undefined): Seen {
    return seen(principal);
  }

  @Public()
  @UseGuards(LocalLoginGuard)
  @Post('auth/login')
  login(@CurrentPrincipal() principal: Principal) {
    return this.logins.login(principal);
  }

  @Public()
  @UseGuards(LdapLoginGuard)
  @Post('auth/ldap-login')
  ldapLogin(@CurrentPrincipal() principal: Principal) {
    return this.logins.login(principal);
  }
}

/**
 * Maps errors the way an app does (401 problem+json for `UNAUTHENTICATED`) and logs each one
 * with its stack, so the tests can check that no credential reaches the logs.
 */
@Catch()
class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{
      status(code: number): { type(type: string): { send(body: string): void } };
    }>();
    const status = isUnauthenticatedError(error) ? 401 : 500;
    const code = isCqrsDddError(error) ? error.code : 'UNEXPECTED';
    const detail = error instanceof Error ? error.message : String(error);
    this.logger.warn(`${code}: ${detail}`);
    this.logger.error(error instanceof Error ? (error.stack ?? detail) : detail);
    const body = { type: 'about:blank', title: code, status, detail, code };
    response.status(status).type('application/problem+json').send(JSON.stringify(body));
  }
}

/** A Nest logger that records every line. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private record = (...parts: unknown[]) => {
    this.lines.push(
      parts.map((part) => (part instanceof Error ? part.stack : String(part))).join(' '),
    );
  };
  log = this.record;
  error = this.record;
  warn = this.record;
  debug = this.record;
  verbose = this.record;
  fatal = this.record;
}

/** Options of {@link startIdentityApp}. */
export interface IdentityAppOptions {
  /** Mount core's request-context middleware (`CqrsDddModule`). @default true */
  readonly requestContext?: boolean;
  /** Further modules of the app (e.g. `MikroOrmModule`). @default [] */
  readonly imports?: ModuleMetadata['imports'];
}

/**
 * A started test app: `GET /me`, public `GET /health`, public `POST /auth/login` (local users)
 * and `POST /auth/ldap-login`.
 */
export interface IdentityApp {
  readonly app: INestApplication;
  readonly logger: CapturingLogger;
}

/** Boots the probe app with `IdentityModule.forRoot(options)` and the problem filter. */
export async function startIdentityApp(
  options: IdentityModuleOptions,
  { requestContext = true, imports = [] }: IdentityAppOptions = {},
): Promise<IdentityApp> {
  const logger = new CapturingLogger();
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...imports,
      ...(requestContext ? [CqrsDddModule.forRoot({ pipeline: { logging: false } })] : []),
      IdentityModule.forRoot(options),
    ],
    controllers: [ProbeController],
    providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger });
  await app.init();
  return { app, logger };
}
