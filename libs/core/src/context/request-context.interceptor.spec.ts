import { describe, expect, it } from '@jest/globals';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { firstValueFrom, Observable, of } from 'rxjs';
import { SequentialIdGenerator } from '../adapters/memory/sequential-id-generator.adapter.js';
import { defaultHeadersOf, RequestContextInterceptor } from './request-context.interceptor.js';
import {
  resolveRequestContextOptions,
  type RequestContextOptions,
} from './request-context.options.js';
import type { RequestContextState } from './request-context-state.js';
import { currentRequestContext, runInContext } from './request-context-scope.js';

const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function executionContext(type: string, args: unknown[]): ExecutionContext {
  const host = new ExecutionContextHost(args);
  host.setType(type);
  return host;
}

/** A handler that reports the request context it runs in, after an async hop. */
const reportContext: CallHandler = {
  handle: () =>
    new Observable<RequestContextState | undefined>((subscriber) => {
      setImmediate(() => {
        subscriber.next(currentRequestContext());
        subscriber.complete();
      });
    }),
};

function interceptor(options: RequestContextOptions = {}) {
  return new RequestContextInterceptor(
    resolveRequestContextOptions(options),
    new SequentialIdGenerator(),
  );
}

describe('RequestContextInterceptor', () => {
  it('creates the context of a GraphQL operation from the GraphQL context request headers', async () => {
    const gql = executionContext('graphql', [
      {},
      {},
      { req: { headers: { 'x-correlation-id': 'gql-1' } } },
      {},
    ]);
    const state = await firstValueFrom(interceptor().intercept(gql, reportContext));
    expect(state).toEqual({ correlationId: 'gql-1' });
  });

  it("puts the client's address and user agent of HTTP, GraphQL and WebSocket calls into the context", async () => {
    const http = executionContext('http', [
      { ip: '203.0.113.7', headers: { 'user-agent': 'curl/8.5' } },
      {},
    ]);
    await expect(firstValueFrom(interceptor().intercept(http, reportContext))).resolves.toEqual({
      correlationId: '00000000-0000-7000-8000-000000000001',
      clientAddress: '203.0.113.7',
      userAgent: 'curl/8.5',
    });
    const gql = executionContext('graphql', [
      {},
      {},
      { req: { socket: { remoteAddress: '::1' }, headers: { 'x-correlation-id': 'g' } } },
      {},
    ]);
    await expect(firstValueFrom(interceptor().intercept(gql, reportContext))).resolves.toEqual({
      correlationId: 'g',
      clientAddress: '::1',
    });
    const ws = executionContext('ws', [
      { handshake: { address: '198.51.100.2', headers: { 'User-Agent': 'ws-client' } } },
      {},
    ]);
    await expect(firstValueFrom(interceptor().intercept(ws, reportContext))).resolves.toEqual({
      correlationId: '00000000-0000-7000-8000-000000000001',
      clientAddress: '198.51.100.2',
      userAgent: 'ws-client',
    });
  });

  it('reads graphql-ws connection params, RPC data or context headers, and WebSocket handshakes', () => {
    const subscription = executionContext('graphql', [
      {},
      {},
      { connectionParams: { traceparent } },
      {},
    ]);
    expect(defaultHeadersOf(subscription)).toEqual({ traceparent });
    const rpc = executionContext('rpc', [{ headers: { 'x-correlation-id': 'r' } }, {}]);
    expect(defaultHeadersOf(rpc)).toEqual({ 'x-correlation-id': 'r' });
    const nats = executionContext('rpc', [{}, { getHeaders: () => ({ 'x-correlation-id': 'n' }) }]);
    expect(defaultHeadersOf(nats)).toEqual({ 'x-correlation-id': 'n' });
    const ws = executionContext('ws', [{ handshake: { headers: { a: 'b' } } }, {}]);
    expect(defaultHeadersOf(ws)).toEqual({ a: 'b' });
    const http = executionContext('http', [{ headers: { h: 'v' } }, {}]);
    expect(defaultHeadersOf(http)).toEqual({ h: 'v' });
    expect(defaultHeadersOf(executionContext('unknown', []))).toBeUndefined();
  });

  it('generates a correlation id when the transport has no headers, and uses headersOf when given', async () => {
    const bare = executionContext('rpc', [{}, {}]);
    await expect(firstValueFrom(interceptor().intercept(bare, reportContext))).resolves.toEqual({
      correlationId: '00000000-0000-7000-8000-000000000001',
    });
    const custom = interceptor({ headersOf: () => ({ 'x-correlation-id': 'custom' }) });
    await expect(firstValueFrom(custom.intercept(bare, reportContext))).resolves.toEqual({
      correlationId: 'custom',
    });
  });

  it('leaves an existing context alone (the HTTP middleware already ran)', async () => {
    const http = executionContext('http', [{ headers: { 'x-correlation-id': 'ignored' } }, {}]);
    const state = await runInContext({ correlationId: 'from-middleware' }, () =>
      firstValueFrom(interceptor().intercept(http, reportContext)),
    );
    expect(state).toEqual({ correlationId: 'from-middleware' });
  });

  it('propagates handler errors and unsubscribes the handler', async () => {
    let unsubscribed = false;
    const failing: CallHandler = {
      handle: () =>
        new Observable(() => {
          return () => (unsubscribed = true);
        }),
    };
    const subscription = interceptor()
      .intercept(executionContext('rpc', [{}, {}]), failing)
      .subscribe();
    subscription.unsubscribe();
    expect(unsubscribed).toBe(true);
    const erroring: CallHandler = {
      handle: () => new Observable((s) => s.error(new Error('boom'))),
    };
    await expect(
      firstValueFrom(interceptor().intercept(executionContext('rpc', [{}, {}]), erroring)),
    ).rejects.toThrow('boom');
    await expect(
      firstValueFrom(
        interceptor().intercept(executionContext('rpc', [{}, {}]), { handle: () => of(1) }),
      ),
    ).resolves.toBe(1);
  });
});
