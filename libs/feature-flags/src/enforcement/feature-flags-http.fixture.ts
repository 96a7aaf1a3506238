import {
  CqrsDddModule,
  isCqrsDddError,
  type Principal,
  updateRequestContext,
} from '@cqrs-ddd/core';
import {
  type ArgumentsHost,
  type CanActivate,
  Catch,
  type ExceptionFilter,
  type ExecutionContext,
  type INestApplication,
  Injectable,
  type ModuleMetadata,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { GraphQLFormattedError } from 'graphql';

/** Header carrying the caller in these tests (standing in for a verified credential). */
export const PRINCIPAL_HEADER = 'x-test-principal';

/** The header value naming `principal` as the caller. */
export const asCaller = (principal: Principal): string =>
  Buffer.from(JSON.stringify(principal)).toString('base64url');

/** A principal of `tenantId` with `roles`. */
export const principalOf = (
  id: string,
  tenantId: string | undefined,
  roles: string[] = [],
): Principal => ({
  id,
  ...(tenantId === undefined ? {} : { tenantId }),
  roles,
  authMethod: 'jwt',
});

/** Stands in for the identity guard: the HTTP/GraphQL caller's principal and tenant into the context. */
@Injectable()
class TestIdentityGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const type = context.getType<string>();
    const request =
      type === 'http'
        ? context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>()
        : type === 'graphql'
          ? context.getArgByIndex<{ req: { headers: Record<string, unknown> } }>(2).req
          : undefined;
    const header = request?.headers[PRINCIPAL_HEADER];
    if (typeof header === 'string' && header !== '') {
      const principal = JSON.parse(Buffer.from(header, 'base64url').toString()) as Principal;
      updateRequestContext({ principal, tenantId: principal.tenantId });
    }
    return true;
  }
}

const STATUS: Record<string, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONCURRENCY_CONFLICT: 409,
};

/** Maps suite errors the way an app does: status by code, body `{ code, detail, issues? }`. */
@Catch()
class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType<string>() !== 'http') throw error;
    const code = isCqrsDddError(error) ? error.code : 'INTERNAL';
    const issues = (error as { issues?: unknown }).issues;
    host
      .switchToHttp()
      .getResponse<{ status(code: number): { json(body: unknown): void } }>()
      .status(STATUS[code] ?? 500)
      .json({ code, detail: (error as Error).message, issues });
  }
}

/** GraphQL errors with the suite error's code as `extensions.code`. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown) {
  const original = (error as { originalError?: unknown }).originalError;
  return {
    message: formatted.message,
    extensions: { code: isCqrsDddError(original) ? original.code : 'INTERNAL' },
  };
}

/**
 * Boots a test app with core's request context, the test identity guard and the problem
 * filter, plus `metadata` (the feature-flags module, controllers, ...).
 */
export async function startFlagsApp(metadata: ModuleMetadata): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    ...metadata,
    imports: [CqrsDddModule.forRoot({ pipeline: { logging: false } }), ...(metadata.imports ?? [])],
    providers: [
      { provide: APP_GUARD, useClass: TestIdentityGuard },
      { provide: APP_FILTER, useClass: ProblemFilter },
      ...(metadata.providers ?? []),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}
