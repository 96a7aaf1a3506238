import { type IncomingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AccessDeniedNotifier } from '../denials/access-denied.notifier.js';
import { AccessControlSettings } from '../module/access-control.settings.js';
import { PolicyEnforcementPoint } from '../pep/policy-enforcement-point.js';
import type { AccessRequest } from '../policies/access-policy.js';
import { HttpPolicyDecisionPoint } from './http-policy-decision-point.js';

type Responder = (response: ServerResponse, input: Record<string, unknown>) => void;

const received: Array<{ body: { input: Record<string, unknown> }; headers: IncomingHttpHeaders }> =
  [];
const held: ServerResponse[] = [];
let respond: Responder;
const json =
  (status: number, body: unknown): Responder =>
  (response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

const server = createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  request.on('end', () => {
    const body = JSON.parse(raw) as { input: Record<string, unknown> };
    received.push({ body, headers: request.headers });
    respond(response, body.input);
  });
});
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/data/cqrs/allow`;
});
afterAll(async () => {
  for (const response of held) response.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});
beforeEach(() => {
  received.length = 0;
});

const alice = { id: 'alice', tenantId: 'acme', roles: ['order:approver'], authMethod: 'jwt' };
function request(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    principal: alice,
    action: 'order:confirm',
    resource: { type: 'Order', id: 'o1', attributes: { total: 120 } },
    environment: { now: new Date(), correlationId: `c-${Math.random()}` },
    ...overrides,
  };
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('HttpPolicyDecisionPoint', () => {
  it('posts the OPA input and allows on { result: true }', async () => {
    respond = json(200, { result: true });
    const pdp = new HttpPolicyDecisionPoint({
      url,
      headers: { authorization: 'Bearer opa-token' },
    });
    const now = new Date('2025-06-01T10:00:00Z');
    await expect(pdp.decide(request({ environment: { now } }))).resolves.toEqual({ allowed: true });
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toEqual({
      input: {
        principal: alice,
        action: 'order:confirm',
        resource: { type: 'Order', id: 'o1', attributes: { total: 120 } },
        environment: { now: '2025-06-01T10:00:00.000Z' },
      },
    });
    expect(received[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer opa-token',
    });
  });

  it('denies with the reason of { result: { allow: false, reason } }', async () => {
    respond = json(200, { result: { allow: false, reason: 'order total above approval limit' } });
    const pdp = new HttpPolicyDecisionPoint({ url });
    await expect(pdp.decide(request())).resolves.toEqual({
      allowed: false,
      reason: 'order total above approval limit',
    });
  });

  it('allows on { result: { allow: true } } and denies on { result: false }', async () => {
    respond = (response, input) =>
      json(200, input.action === 'order:read' ? { result: { allow: true } } : { result: false })(
        response,
        input,
      );
    const pdp = new HttpPolicyDecisionPoint({ url, cacheTtlMs: 0 });
    await expect(pdp.decide(request({ action: 'order:read' }))).resolves.toEqual({ allowed: true });
    await expect(pdp.decide(request())).resolves.toEqual({
      allowed: false,
      reason: 'denied by the policy decision point',
    });
  });

  it('denies on timeout and does not cache the failure', async () => {
    respond = (response) => held.push(response);
    const pdp = new HttpPolicyDecisionPoint({ url, timeoutMs: 100 });
    const started = Date.now();
    await expect(pdp.decide(request())).resolves.toEqual({
      allowed: false,
      reason: 'policy decision point unavailable (timeout after 100 ms)',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    respond = json(200, { result: true });
    await expect(pdp.decide(request())).resolves.toEqual({ allowed: true });
    expect(received).toHaveLength(2);
  });

  it('denies when the body does not arrive in time', async () => {
    respond = (response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).write('{"result":');
      held.push(response);
    };
    const pdp = new HttpPolicyDecisionPoint({ url, timeoutMs: 100 });
    await expect(pdp.decide(request())).resolves.toEqual({
      allowed: false,
      reason: 'policy decision point unavailable (timeout after 100 ms)',
    });
  });

  it('denies on a non-2xx status, a malformed body and a network error', async () => {
    const pdp = new HttpPolicyDecisionPoint({ url });
    respond = json(500, { result: true });
    await expect(pdp.decide(request())).resolves.toEqual({
      allowed: false,
      reason: 'policy decision point unavailable (HTTP 500)',
    });
    respond = (response) => response.writeHead(200).end('<html>not json</html>');
    await expect(pdp.decide(request())).resolves.toMatchObject({
      reason: 'policy decision point unavailable (malformed response)',
    });
    respond = json(200, {});
    await expect(pdp.decide(request())).resolves.toMatchObject({
      allowed: false,
      reason: 'policy decision point unavailable (malformed response)',
    });
    expect(received).toHaveLength(3);
    const unreachable = new HttpPolicyDecisionPoint({ url: 'http://127.0.0.1:1/allow' });
    await expect(unreachable.decide(request())).resolves.toEqual({
      allowed: false,
      reason: 'policy decision point unavailable (network error)',
    });
  });

  it('answers the same input from the cache within the TTL, whatever now and correlation id', async () => {
    respond = json(200, { result: { allow: false, reason: 'no' } });
    const pdp = new HttpPolicyDecisionPoint({ url, cacheTtlMs: 60_000 });
    const first = await pdp.decide(
      request({ environment: { now: new Date(0), correlationId: 'a' } }),
    );
    const second = await pdp.decide(
      request({ environment: { now: new Date(), correlationId: 'b' } }),
    );
    expect(second).toEqual(first);
    expect(received).toHaveLength(1);
    await pdp.decide(request({ resource: { type: 'Order', id: 'o2' } }));
    expect(received).toHaveLength(2);
  });

  it('asks again once the TTL is over', async () => {
    respond = json(200, { result: true });
    const pdp = new HttpPolicyDecisionPoint({ url, cacheTtlMs: 30 });
    await until(async () => {
      await pdp.decide(request());
      return received.length >= 2;
    });
    expect(received.length).toBeGreaterThanOrEqual(2);
  });

  it('rejects invalid options', () => {
    expect(() => new HttpPolicyDecisionPoint({ url: 'opa:8181' })).toThrow("'pdp.url'");
    expect(() => new HttpPolicyDecisionPoint({ url, timeoutMs: 0 })).toThrow("'pdp.timeoutMs'");
    expect(() => new HttpPolicyDecisionPoint({ url, cacheTtlMs: -1 })).toThrow("'pdp.cacheTtlMs'");
  });
});

describe('PolicyEnforcementPoint with an HTTP PDP', () => {
  it('consults the PDP only for its action patterns and fails closed', async () => {
    respond = (response) => held.push(response);
    const pep = new PolicyEnforcementPoint(
      AccessControlSettings.from({
        rbac: { roles: { 'order:approver': ['order:*'] } },
        pdp: { url, timeoutMs: 50, actions: ['order:confirm'] },
      }),
      new AccessDeniedNotifier([]),
    );
    await expect(pep.authorize(alice, 'order:read')).resolves.toMatchObject({ allowed: true });
    expect(received).toHaveLength(0);
    await expect(pep.enforce(alice, 'order:confirm')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'policy decision point unavailable (timeout after 50 ms)',
    });
    expect(received).toHaveLength(1);
  });
});
