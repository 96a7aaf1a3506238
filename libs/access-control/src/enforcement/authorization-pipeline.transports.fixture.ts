import { randomBytes } from 'node:crypto';
import {
  type CqrsDddError,
  isCqrsDddError,
  type Principal,
  runInContext,
  updateRequestContext,
  WithRequestContext,
} from '@cqrs-ddd/core';
import { headers as natsHeaders } from '@nats-io/transport-node';
import {
  type ArgumentsHost,
  type CanActivate,
  Catch,
  Controller,
  type ExceptionFilter,
  type ExecutionContext,
  Get,
  Injectable,
  Param,
  Post,
  UseFilters,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  type ClientProxy,
  Ctx,
  MessagePattern,
  NatsContext,
  NatsRecordBuilder,
  Payload,
} from '@nestjs/microservices';
import type { GraphQLFormattedError } from 'graphql';
import { firstValueFrom, type Observable, throwError } from 'rxjs';
import { ArchiveOrders, ConfirmOrder, ListOrders } from './authorization-pipeline.app.fixture.js';

/** Header carrying the caller in these tests (standing in for a verified credential). */
const PRINCIPAL_HEADER = 'x-test-principal';
/** NATS subject prefix of this test file. */
export const SUBJECTS = `access-it-${randomBytes(4).toString('hex')}`;

const encode = (principal: Principal): string =>
  Buffer.from(JSON.stringify(principal)).toString('base64url');
const decode = (value: unknown): Principal | undefined =>
  typeof value === 'string' && value !== ''
    ? (JSON.parse(Buffer.from(value, 'base64url').toString()) as Principal)
    : undefined;

/** Stands in for the identity guard: HTTP and GraphQL callers' principal into the context. */
@Injectable()
export class TestIdentityGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const type = context.getType<string>();
    const request =
      type === 'http'
        ? context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>()
        : type === 'graphql'
          ? context.getArgByIndex<{ req: { headers: Record<string, unknown> } }>(2).req
          : undefined;
    const principal = decode(request?.headers[PRINCIPAL_HEADER]);
    if (principal) updateRequestContext({ principal });
    return true;
  }
}

/** What a call through any transport came back with. */
export type Outcome = { readonly result: unknown } | { readonly code: string };

@Catch()
class RestErrors implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const code = isCqrsDddError(error) ? error.code : 'INTERNAL';
    const status = { FORBIDDEN: 403, UNAUTHENTICATED: 401, NOT_FOUND: 404 }[code] ?? 500;
    host.switchToHttp().getResponse().status(status).json({ code });
  }
}

/** REST: each route sends a command or query through the bus. */
@Controller('orders')
@UseFilters(RestErrors)
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}
  @Post('archive') archive(): Promise<unknown> {
    return this.commands.execute(new ArchiveOrders());
  }
  @Post(':id/confirm') confirm(@Param('id') id: string): Promise<unknown> {
    return this.commands.execute(new ConfirmOrder(id));
  }
  @Get() list(): Promise<unknown> {
    return this.queries.execute(new ListOrders());
  }
}

/** GraphQL: mutations send the same commands. */
@Resolver()
export class OrdersResolver {
  constructor(private readonly commands: CommandBus) {}
  @Query(() => String) ping(): string {
    return 'pong';
  }
  @Mutation(() => String) archiveOrders(): Promise<string> {
    return this.commands.execute(new ArchiveOrders());
  }
  @Mutation(() => String) confirmOrder(@Args('orderId') orderId: string): Promise<string> {
    return this.commands.execute(new ConfirmOrder(orderId));
  }
}

/** GraphQL errors with the library error's code as `extensions.code`. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown) {
  const original = (error as { originalError?: unknown }).originalError;
  const code = isCqrsDddError(original) ? original.code : 'INTERNAL';
  return { message: formatted.message, extensions: { code } };
}

@Catch()
class RpcErrors {
  catch(error: unknown): Observable<never> {
    return throwError(() => ({ code: isCqrsDddError(error) ? error.code : 'INTERNAL' }));
  }
}

/** Broker consumer (NATS request-reply): restores the caller from the message headers. */
@Controller()
@UseFilters(RpcErrors)
export class OrdersConsumer {
  constructor(private readonly commands: CommandBus) {}
  @MessagePattern(`${SUBJECTS}.archive`)
  @WithRequestContext({ from: (_data: unknown, context: NatsContext) => callerOf(context) })
  archive(@Payload() _data: unknown, @Ctx() _context: NatsContext): Promise<unknown> {
    return this.commands.execute(new ArchiveOrders());
  }
  @MessagePattern(`${SUBJECTS}.confirm`)
  @WithRequestContext({ from: (_data: unknown, context: NatsContext) => callerOf(context) })
  confirm(@Payload() data: { orderId: string }, @Ctx() _context: NatsContext): Promise<unknown> {
    return this.commands.execute(new ConfirmOrder(data.orderId));
  }
}

function callerOf(context: NatsContext) {
  return { principal: decode(context.getHeaders()?.get(PRINCIPAL_HEADER)) };
}

/** One way of sending `archive` / `confirm <orderId>` as `principal`. */
export interface Transport {
  readonly name: string;
  send(
    principal: Principal | undefined,
    operation: 'archive' | 'confirm',
    orderId?: string,
  ): Promise<Outcome>;
}

/** REST over real HTTP against `baseUrl`. */
export function restTransport(baseUrl: string): Transport {
  return {
    name: 'REST',
    async send(principal, operation, orderId) {
      const path = operation === 'archive' ? '/orders/archive' : `/orders/${orderId}/confirm`;
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: principal ? { [PRINCIPAL_HEADER]: encode(principal) } : {},
      });
      const body = (await response.text()) as string;
      return response.ok ? { result: body } : { code: (JSON.parse(body) as { code: string }).code };
    },
  };
}

/** GraphQL over real HTTP against `baseUrl`/graphql. */
export function graphqlTransport(baseUrl: string): Transport {
  return {
    name: 'GraphQL',
    async send(principal, operation, orderId) {
      const query =
        operation === 'archive'
          ? 'mutation { result: archiveOrders }'
          : `mutation { result: confirmOrder(orderId: ${JSON.stringify(orderId)}) }`;
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(principal ? { [PRINCIPAL_HEADER]: encode(principal) } : {}),
        },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as {
        data?: { result: string } | null;
        errors?: Array<{ extensions: { code: string } }>;
      };
      return body.errors?.length
        ? { code: body.errors[0]!.extensions.code }
        : { result: body.data!.result };
    },
  };
}

/** A NATS request through the broker to {@link OrdersConsumer}. */
export function brokerTransport(client: ClientProxy): Transport {
  return {
    name: 'broker (NATS)',
    async send(principal, operation, orderId) {
      const headers = natsHeaders();
      if (principal) headers.set(PRINCIPAL_HEADER, encode(principal));
      const record = new NatsRecordBuilder({ orderId }).setHeaders(headers).build();
      return firstValueFrom(client.send(`${SUBJECTS}.${operation}`, record)).then(
        (result: unknown) => ({ result }),
        (error: { code: string }) => ({ code: error.code }),
      );
    },
  };
}

/** A CLI command (or worker): its own request context, then the bus. */
export function cliTransport(commands: CommandBus): Transport {
  return {
    name: 'CLI',
    send(principal, operation, orderId) {
      const command = operation === 'archive' ? new ArchiveOrders() : new ConfirmOrder(orderId!);
      return runInContext({ principal }, () => commands.execute(command)).then(
        (result: unknown) => ({ result }),
        (error: CqrsDddError) => ({ code: error.code }),
      );
    },
  };
}
