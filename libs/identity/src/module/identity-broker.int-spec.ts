import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { currentRequestContext, isCqrsDddError, type Principal } from '@cqrs-ddd/core';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { Catch, Controller, type INestApplication, type RpcExceptionFilter } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  ClientProxyFactory,
  type ClientProxy,
  MessagePattern,
  NatsRecordBuilder,
  RmqRecordBuilder,
  Transport,
} from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { firstValueFrom, type Observable, throwError } from 'rxjs';
import { signToken, TEST_SECRET } from '../jwt/jwt-test-tokens.fixture.js';
import { CurrentPrincipal } from '../principal/current-principal.decorator.js';
import { Public } from '../principal/public.decorator.js';
import { IdentityModule } from './identity.module.js';

const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const NATS_SERVERS = [process.env.NATS_URL ?? 'nats://127.0.0.1:4222'];
const suffix = randomBytes(5).toString('hex');
const QUEUE = `identity-it-${suffix}`;
const WHOAMI = `identity.whoami.${suffix}`;
const PING = `identity.ping.${suffix}`;
const queueOptions = { durable: false, autoDelete: true };

interface Answer {
  readonly principal: Principal | null;
  readonly contextPrincipal: Principal | null;
  readonly correlationId: string | null;
}

let handled = 0;

@Controller()
class WhoAmIConsumer {
  @MessagePattern(WHOAMI)
  whoami(@CurrentPrincipal() principal: Principal | undefined): Answer {
    handled += 1;
    const context = currentRequestContext();
    return {
      principal: principal ?? null,
      contextPrincipal: context?.principal ?? null,
      correlationId: context?.correlationId ?? null,
    };
  }

  @Public()
  @MessagePattern(PING)
  ping(@CurrentPrincipal() principal: Principal | undefined) {
    return { principal: principal ?? null };
  }
}

/** Replies to the caller with the suite error's code, as an app's RPC filter would. */
@Catch()
class RpcErrorCodeFilter implements RpcExceptionFilter<unknown> {
  catch(error: unknown): Observable<never> {
    const code = isCqrsDddError(error) ? error.code : 'UNEXPECTED';
    return throwError(() => ({ code, message: (error as Error).message }));
  }
}

describe('IdentityGuard on broker messages (RabbitMQ and NATS headers)', () => {
  let app: INestApplication;
  let rmq: ClientProxy;
  let nats: ClientProxy;
  const expected: Principal = {
    id: 'svc-shipping',
    tenantId: 'acme',
    roles: ['order:reader'],
    authMethod: 'jwt',
  };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [IdentityModule.forRoot({ strategies: { jwt: { secret: TEST_SECRET } } })],
      controllers: [WhoAmIConsumer],
      providers: [{ provide: APP_FILTER, useClass: RpcErrorCodeFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.connectMicroservice(
      { transport: Transport.RMQ, options: { urls: [AMQP_URL], queue: QUEUE, queueOptions } },
      { inheritAppConfig: true },
    );
    app.connectMicroservice(
      { transport: Transport.NATS, options: { servers: NATS_SERVERS } },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.init();
    rmq = ClientProxyFactory.create({
      transport: Transport.RMQ,
      options: { urls: [AMQP_URL], queue: QUEUE, queueOptions },
    });
    nats = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: NATS_SERVERS },
    });
    await Promise.all([rmq.connect(), nats.connect()]);
  });

  afterAll(async () => {
    await Promise.all([rmq?.close(), nats?.close()]);
    await app?.close();
  });

  const token = () => signToken({ sub: 'svc-shipping', tenant: 'acme', roles: ['order:reader'] });

  const overRmq = (pattern: string, headers: Record<string, string>) =>
    firstValueFrom(
      rmq.send<Answer>(pattern, new RmqRecordBuilder({}).setOptions({ headers }).build()),
    );

  const overNats = (pattern: string, entries: Record<string, string>) => {
    const headers = natsHeaders();
    for (const [name, value] of Object.entries(entries)) headers.set(name, value);
    return firstValueFrom(
      nats.send<Answer>(pattern, new NatsRecordBuilder({}).setHeaders(headers).build()),
    );
  };

  it.each([
    ['RabbitMQ (properties.headers)', overRmq],
    ['NATS (message headers)', overNats],
  ])(
    '%s: authenticates the message and runs the handler in a context holding the principal',
    async (_name, send) => {
      const answer = await send(WHOAMI, {
        authorization: `Bearer ${await token()}`,
        'x-correlation-id': `corr-${suffix}`,
      });
      expect(answer).toEqual({
        principal: expected,
        contextPrincipal: expected,
        correlationId: `corr-${suffix}`,
      });
    },
  );

  it.each([
    ['RabbitMQ', overRmq],
    ['NATS', overNats],
  ])(
    '%s: refuses messages without or with a forged credential before the handler runs',
    async (_name, send) => {
      const before = handled;
      await expect(send(WHOAMI, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      const forged = `${(await token()).slice(0, -6)}AAAAAA`;
      await expect(send(WHOAMI, { authorization: `Bearer ${forged}` })).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(/signature is invalid/),
      });
      expect(handled).toBe(before);
    },
  );

  it('lets @Public() message handlers run without a credential', async () => {
    await expect(overNats(PING, {})).resolves.toEqual({ principal: null });
    await expect(overRmq(PING, { authorization: `Bearer ${await token()}` })).resolves.toEqual({
      principal: expected,
    });
  });
});
