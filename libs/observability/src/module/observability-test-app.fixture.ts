import {
  CqrsDddModule,
  DomainRuleViolation,
  RequestContext,
  currentTraceparent,
} from '@cqrs-ddd/core';
import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  HttpException,
  type INestApplication,
  Injectable,
  Param,
  Post,
  SetMetadata,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { ObservabilityModule } from './observability.module.js';
import type { ObservabilityModuleRootOptions } from './observability.module-definition.js';

/** What a handler saw of the trace: its request context's `traceparent` and the active one. */
export interface SeenTrace {
  readonly contextTraceparent: string | undefined;
  readonly activeTraceparent: string | undefined;
}

/** The test app's `POST /orders` answer. */
export interface PlaceOrderAnswer {
  readonly controller: SeenTrace;
  readonly handler: SeenTrace;
}

/** A command whose handler fails with a domain rule violation when `fail` is set. */
export class PlaceOrder {
  constructor(readonly fail: boolean) {}
}

@CommandHandler(PlaceOrder)
class PlaceOrderHandler implements ICommandHandler<PlaceOrder> {
  constructor(private readonly context: RequestContext) {}

  async execute(command: PlaceOrder): Promise<SeenTrace> {
    if (command.fail) throw new DomainRuleViolation('order.refused', 'Refused.');
    return seen(this.context);
  }
}

/** Marks what the test app's guard lets through without the `x-allow` header. */
const PUBLIC = 'observability-test:public';
/** The test app's `@Public()`, handed to the module through `endpointDecorators`. */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(PUBLIC, true);

/** Refuses every request without `x-allow: yes`, unless the handler or class is public. */
@Injectable()
class AllowHeaderGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    if (request.headers['x-allow'] !== 'yes') throw new HttpException('forbidden', 403);
    return true;
  }
}

@Controller('orders')
class OrdersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly context: RequestContext,
  ) {}

  @Post()
  async place(@Body() body: { fail?: boolean }): Promise<PlaceOrderAnswer> {
    const controller = seen(this.context);
    try {
      const handler = await this.commandBus.execute<PlaceOrder, SeenTrace>(
        new PlaceOrder(body.fail === true),
      );
      return { controller, handler };
    } catch (error) {
      if (error instanceof DomainRuleViolation) throw new HttpException(error.message, 422);
      throw error;
    }
  }

  @Get(':id')
  find(@Param('id') id: string): { id: string; trace: SeenTrace } {
    return { id, trace: seen(this.context) };
  }
}

function seen(context: RequestContext): SeenTrace {
  return {
    contextTraceparent: context.state?.traceparent,
    activeTraceparent: currentTraceparent(),
  };
}

/**
 * A Nest app on core's in-memory defaults with `POST /orders` (a command) and
 * `GET /orders/:id`, behind a guard that needs `x-allow: yes` except on `@Public()` routes, and
 * `ObservabilityModule.forRoot(options)` (health off unless given).
 */
export async function createObservabilityTestApp(
  options: ObservabilityModuleRootOptions,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    // Observability first: its HTTP span must still open after core's request context.
    imports: [
      ObservabilityModule.forRoot({ health: false, ...options }),
      CqrsDddModule.forRoot({ pipeline: { logging: false } }),
    ],
    controllers: [OrdersController],
    providers: [PlaceOrderHandler, { provide: APP_GUARD, useClass: AllowHeaderGuard }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}
