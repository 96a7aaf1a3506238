import {
  CqrsDddModule,
  EventStore,
  eventMetadataFromContext,
  InMemoryEventStore,
  isCqrsDddError,
  type Principal,
  RequestContext,
  updateRequestContext,
} from '@cqrs-ddd/core';
import {
  type ArgumentsHost,
  Body,
  type CanActivate,
  Catch,
  Controller,
  type DynamicModule,
  type ExceptionFilter,
  type ExecutionContext,
  Get,
  Inject,
  Injectable,
  type MiddlewareConsumer,
  Module,
  type ModuleMetadata,
  type NestMiddleware,
  type NestModule,
  Post,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import {
  CommandBus,
  CommandHandler,
  type ICommandHandler,
  type IQueryHandler,
  QueryBus,
  QueryHandler,
} from '@nestjs/cqrs';
import { TenantAgnostic } from '../pipeline/tenant-agnostic.decorator.js';
import type { MultitenancyModuleOptions } from './multitenancy-module.options.js';
import { MultitenancyModule } from './multitenancy.module.js';

/** Appends `order.placed` for the context's tenant. */
export class PlaceOrder {
  static readonly type = 'test.place-order';
  constructor(readonly orderId: string) {}
}

/** The tenant the handler sees. */
export class WhichTenant {}

/** A platform-level query that needs no tenant. */
@TenantAgnostic()
export class ListPlans {}

/** What the test handlers answer: the tenant they saw, and the recorded event's metadata tenant. */
export interface Seen {
  readonly tenantId: string | null;
  readonly eventTenantId?: string | null;
}

@CommandHandler(PlaceOrder)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  constructor(
    private readonly events: EventStore,
    private readonly context: RequestContext,
  ) {}

  async execute({ orderId }: PlaceOrder): Promise<Seen> {
    const { events } = await this.events.append(orderId, [
      { type: 'order.placed', version: 1, data: { orderId }, metadata: eventMetadataFromContext() },
    ]);
    return {
      tenantId: this.context.tenantId ?? null,
      eventTenantId: events[0]!.metadata.tenantId ?? null,
    };
  }
}

@QueryHandler(WhichTenant)
export class WhichTenantHandler implements IQueryHandler<WhichTenant> {
  constructor(private readonly context: RequestContext) {}
  async execute(): Promise<Seen> {
    return { tenantId: this.context.tenantId ?? null };
  }
}

@QueryHandler(ListPlans)
export class ListPlansHandler implements IQueryHandler<ListPlans> {
  constructor(private readonly context: RequestContext) {}
  async execute(): Promise<Seen> {
    return { tenantId: this.context.tenantId ?? null };
  }
}

@Controller()
export class TestController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly context: RequestContext,
  ) {}

  @Post('orders')
  async place(@Body() body: { orderId: string }) {
    const seen = await this.commandBus.execute<PlaceOrder, Seen>(new PlaceOrder(body.orderId));
    return { ...seen, guardTenantId: this.context.tenantId ?? null };
  }

  @Get('tenant')
  which(): Promise<Seen> {
    return this.queryBus.execute(new WhichTenant());
  }

  @Get('plans')
  @TenantAgnostic()
  plans(): Promise<Seen> {
    return this.queryBus.execute(new ListPlans());
  }
}

/**
 * Stands in for authentication: `X-Test-User`, `X-Test-Tenant`, `X-Test-Roles` (comma
 * separated) become the request context's principal.
 */
function setTestPrincipal(headers: Record<string, string | string[] | undefined>): void {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header('x-test-user');
  if (!id) return;
  const tenantId = header('x-test-tenant');
  const principal: Principal = {
    id,
    roles: header('x-test-roles')?.split(',') ?? [],
    authMethod: 'jwt',
    ...(tenantId ? { tenantId } : {}),
  };
  updateRequestContext({ principal });
}

/** Authentication as a middleware (after core's request-context middleware). */
@Injectable()
export class TestPrincipalMiddleware implements NestMiddleware {
  use(req: { headers: Record<string, string | undefined> }, _res: unknown, next: () => void) {
    setTestPrincipal(req.headers);
    next();
  }
}

/** Authentication as a global guard, the way apps usually do it (must run before `TenantGuard`). */
@Injectable()
export class TestPrincipalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    setTestPrincipal(
      context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers,
    );
    return true;
  }
}

/** Maps the suite's errors to statuses as an app would, and remembers what it caught. */
@Catch()
export class RecordingExceptionFilter implements ExceptionFilter {
  static readonly caught: unknown[] = [];
  private static readonly statuses: Record<string, number> = {
    TENANT_REQUIRED: 400,
    INVALID_TENANT_ID: 400,
    TENANT_MISMATCH: 403,
    TENANT_SUSPENDED: 403,
    TENANT_NOT_FOUND: 404,
  };

  catch(error: unknown, host: ArgumentsHost): void {
    RecordingExceptionFilter.caught.push(error);
    const response = host.switchToHttp().getResponse<{
      status(code: number): { json(body: unknown): void };
    }>();
    if (isCqrsDddError(error)) {
      const status = RecordingExceptionFilter.statuses[error.code] ?? 422;
      response.status(status).json({ code: error.code, message: error.message });
      return;
    }
    const status = (error as { getStatus?: () => number }).getStatus?.() ?? 500;
    response.status(status).json({ code: 'UNEXPECTED', message: String(error) });
  }
}

const AUTHENTICATION = Symbol('test:authentication');

/** A small app: `CqrsDddModule` (HTTP request contexts), `MultitenancyModule`, the test API. */
@Module({})
export class TestAppModule implements NestModule {
  constructor(@Inject(AUTHENTICATION) private readonly authentication: 'middleware' | 'guard') {}

  /**
   * The app with `options`, extra `imports`, and authentication by middleware or by a global
   * guard of this (root) module.
   */
  static forRoot(
    options: MultitenancyModuleOptions,
    imports: NonNullable<ModuleMetadata['imports']> = [],
    authentication: 'middleware' | 'guard' = 'middleware',
  ): DynamicModule {
    return {
      module: TestAppModule,
      imports: [
        ...imports,
        CqrsDddModule.forRoot({ pipeline: { logging: false } }),
        MultitenancyModule.forRoot(options),
      ],
      controllers: [TestController],
      providers: [
        { provide: EventStore, useValue: new InMemoryEventStore() },
        { provide: AUTHENTICATION, useValue: authentication },
        { provide: APP_FILTER, useClass: RecordingExceptionFilter },
        ...(authentication === 'guard'
          ? [{ provide: APP_GUARD, useClass: TestPrincipalGuard }]
          : []),
        PlaceOrderHandler,
        WhichTenantHandler,
        ListPlansHandler,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.authentication === 'middleware') {
      consumer.apply(TestPrincipalMiddleware).forRoutes('{*path}');
    }
  }
}
