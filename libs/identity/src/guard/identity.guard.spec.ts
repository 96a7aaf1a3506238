import { describe, expect, it } from '@jest/globals';
import {
  currentRequestContext,
  type Principal,
  type RequestContextState,
  runInContext,
} from '@cqrs-ddd/core';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { lastValueFrom, type Observable, of } from 'rxjs';
import { JwtVerifier } from '../jwt/jwt.verifier.js';
import { signToken, TEST_SECRET } from '../jwt/jwt-test-tokens.fixture.js';
import { Public } from '../principal/public.decorator.js';
import { JwtStrategy } from '../strategies/jwt.strategy.js';
import { CredentialAuthenticator } from './credential.authenticator.js';
import { IdentityGuard } from './identity.guard.js';
import { PrincipalContextInterceptor } from './principal-context.interceptor.js';

class Handlers {
  guarded() {}
  @Public()
  open() {}
}

const guard = new IdentityGuard(
  new Reflector(),
  new CredentialAuthenticator({ jwt: new JwtStrategy(new JwtVerifier({ secret: TEST_SECRET })) }),
);
const interceptor = new PrincipalContextInterceptor();

function invocation(
  type: string,
  args: unknown[],
  handler: keyof Handlers = 'guarded',
): ExecutionContext {
  const host = new ExecutionContextHost(args, Handlers, Handlers.prototype[handler]);
  host.setType(type);
  return host;
}

/** Runs guard, interceptor and a handler reporting the request context, as Nest does. */
async function handle(context: ExecutionContext): Promise<RequestContextState | undefined> {
  await expect(guard.canActivate(context)).resolves.toBe(true);
  const handled = interceptor.intercept(context, { handle: () => of(currentRequestContext()) });
  return lastValueFrom(handled as Observable<RequestContextState | undefined>);
}

const tokenOf = (sub: string) => signToken({ sub, tenant: 'acme', roles: ['order:reader'] });
const principalOf = (id: string): Principal => ({
  id,
  tenantId: 'acme',
  roles: ['order:reader'],
  authMethod: 'jwt',
});

describe('IdentityGuard + PrincipalContextInterceptor', () => {
  it('rpc: authenticates from the message headers and runs the handler in a new context with the principal', async () => {
    const tokenValue = await tokenOf('svc');
    const rmq = {
      getMessage: () => ({
        properties: {
          headers: { authorization: `Bearer ${tokenValue}`, 'x-correlation-id': 'corr-rpc' },
        },
      }),
    };
    const seen = await handle(invocation('rpc', [{ orderId: 1 }, rmq]));
    expect(seen).toEqual({ correlationId: 'corr-rpc', principal: principalOf('svc') });
    expect(currentRequestContext()).toBeUndefined();
  });

  it('ws: authenticates from the handshake headers', async () => {
    const client = {
      handshake: { headers: { authorization: `Bearer ${await tokenOf('ws-user')}` } },
    };
    const seen = await handle(invocation('ws', [client, { event: 'x' }]));
    expect(seen?.principal).toEqual(principalOf('ws-user'));
    expect(seen?.correlationId).toEqual(expect.any(String));
  });

  it('http inside an existing request context: puts the principal into that context', async () => {
    const request = { headers: { authorization: `Bearer ${await tokenOf('http-user')}` } };
    const seen = await runInContext({ correlationId: 'corr-http' }, async () => {
      await guard.canActivate(invocation('http', [request, {}]));
      return currentRequestContext();
    });
    expect(seen).toEqual({ correlationId: 'corr-http', principal: principalOf('http-user') });
  });

  it('keeps concurrent invocations apart', async () => {
    const contexts = await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (id) => {
        const data = { headers: { authorization: `Bearer ${await tokenOf(id)}` } };
        return handle(invocation('rpc', [data, undefined]));
      }),
    );
    expect(contexts.map((seen) => seen?.principal?.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lets @Public() handlers run without a credential and binds nothing', async () => {
    const seen = await handle(invocation('rpc', [{}, undefined], 'open'));
    expect(seen).toBeUndefined();
  });

  it('refuses a missing credential on other handlers, saying what to send', async () => {
    await expect(guard.canActivate(invocation('rpc', [{}, undefined]))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Authentication is required: send "Authorization: Bearer <JWT>".',
    });
  });

  it('verifies credentials sent to @Public() handlers too, and refuses unconfigured kinds', async () => {
    const forged = { headers: { authorization: 'Bearer a.b.c' } };
    await expect(
      guard.canActivate(invocation('rpc', [forged, undefined], 'open')),
    ).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const apiKey = { headers: { 'x-api-key': 'ak_x' } };
    await expect(guard.canActivate(invocation('rpc', [apiKey, undefined]))).rejects.toMatchObject({
      message: 'API keys are not accepted here: send "Authorization: Bearer <JWT>".',
    });
  });
});
