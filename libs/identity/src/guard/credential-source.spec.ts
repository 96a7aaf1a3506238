import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { credentialRequestOf } from './credential-source.js';
import { presentedCredential } from './presented-credential.js';

const bearer = { authorization: 'Bearer tok' };

function context(type: string, args: unknown[]): ExecutionContext {
  const host = new ExecutionContextHost(args);
  host.setType(type);
  return host;
}

const credentialIn = (type: string, args: unknown[]) =>
  presentedCredential(credentialRequestOf(context(type, args)).headers);

/** What `RmqContext` exposes: `[message, channel, pattern]`. */
class RmqLikeContext {
  constructor(private readonly message: unknown) {}
  getMessage() {
    return this.message;
  }
}

/** What `NatsContext` exposes: `[subject, headers]`. */
class NatsLikeContext {
  constructor(private readonly headers: unknown) {}
  getHeaders() {
    return this.headers;
  }
}

describe('credentialRequestOf', () => {
  it('http: the request itself (body included, for login strategies)', () => {
    const request = { headers: bearer, body: { username: 'u' } };
    expect(credentialRequestOf(context('http', [request, {}]))).toBe(request);
  });

  it('graphql: the HTTP request of the context, else subscription connectionParams', () => {
    const req = { headers: bearer };
    expect(credentialRequestOf(context('graphql', [{}, {}, { req }, {}]))).toBe(req);
    expect(
      credentialIn('graphql', [{}, {}, { connectionParams: { Authorization: 'Bearer ws' } }, {}]),
    ).toEqual({
      kind: 'bearer',
      token: 'ws',
    });
    expect(
      credentialIn('graphql', [
        {},
        {},
        { extra: { request: { headers: { 'x-api-key': 'k' } } } },
        {},
      ]),
    ).toEqual({
      kind: 'api-key',
      key: 'k',
    });
  });

  it('ws: the client handshake headers', () => {
    const client = { handshake: { headers: { 'x-api-key': 'ak_ws' } } };
    expect(credentialIn('ws', [client, { some: 'data' }])).toEqual({
      kind: 'api-key',
      key: 'ak_ws',
    });
    expect(credentialIn('ws', [{}, {}])).toBeUndefined();
  });

  it('rpc: RabbitMQ message properties.headers', () => {
    const rmq = new RmqLikeContext({
      properties: { headers: { Authorization: 'Bearer rmq' } },
      content: Buffer.from('{}'),
    });
    expect(credentialIn('rpc', [{ headers: { authorization: 'Bearer data' } }, rmq])).toEqual({
      kind: 'bearer',
      token: 'rmq',
    });
  });

  it('rpc: NATS headers (get-style MsgHdrs)', () => {
    const nats = new NatsLikeContext(new Headers({ 'x-api-key': 'ak_nats' }));
    expect(credentialIn('rpc', [{}, nats])).toEqual({ kind: 'api-key', key: 'ak_nats' });
  });

  it('rpc: the data headers for transports without headers, nothing when there are none', () => {
    expect(credentialIn('rpc', [{ headers: bearer }, { getSocketRef: () => ({}) }])).toEqual({
      kind: 'bearer',
      token: 'tok',
    });
    expect(
      credentialIn('rpc', [{ headers: bearer }, new RmqLikeContext({ properties: {} })]),
    ).toEqual({
      kind: 'bearer',
      token: 'tok',
    });
    expect(
      credentialIn('rpc', ['plain string data', new NatsLikeContext(undefined)]),
    ).toBeUndefined();
    expect(credentialIn('rpc', [undefined, undefined])).toBeUndefined();
  });
});
