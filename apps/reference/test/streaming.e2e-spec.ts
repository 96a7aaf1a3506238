/**
 * Real-time order events over SSE (`GET /events/stream`), WebSocket (`/events/ws`) and the
 * `orderEvents` GraphQL subscription (graphql-ws): order, tenant isolation, resume with the last
 * event id, refusals, and slow clients dropped with a reason (the app runs with
 * STREAM_BUFFER_LIMIT=20).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventStore } from '@cqrs-ddd/core';
import { EventStreams } from '@cqrs-ddd/streaming';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { createClient, type Client } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import request from 'supertest';
import WebSocket from 'ws';
import { E2E_ROLES, E2E_TENANT, type E2eApp, startApp } from './support/e2e-app.js';

const BUFFER_LIMIT = 20;
const OTHER_TENANT = 'globex';

interface Frame {
  readonly id: string;
  readonly type: string;
  readonly data: { orderId: string; version: number; [key: string]: unknown };
}

let api: E2eApp;
let wsUrl: string;
let tokenA: string;
let tokenB: string;

describe('real-time order events', () => {
  beforeAll(async () => {
    api = await startApp({
      STREAM_BUFFER_LIMIT: String(BUFFER_LIMIT),
      STREAM_HEARTBEAT_MS: '1000',
    });
    wsUrl = api.url.replace(/^http/, 'ws');
    tokenA = await api.token({ sub: 'alice', tenant: E2E_TENANT, roles: E2E_ROLES });
    tokenB = await api.token({ sub: 'bob', tenant: OTHER_TENANT, roles: E2E_ROLES });
  });
  // Closed in this block's afterAll: that runs before the root afterAll of the jest setup drops
  // the file's database. With the database dropped under it, the app could not shut down (the
  // connections it killed mid-work are never returned to the pool, so closing the pool waits).
  afterAll(async () => {
    await api.close();
  });

  /** Creates an order in `token`'s tenant with one item and confirms it: 3 events. */
  async function orderLifecycle(token: string): Promise<string> {
    const as = request.agent(api.url).set('Authorization', `Bearer ${token}`);
    const created = await as.post('/orders').send({ customerId: 'c-1' });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const added = await as
      .post(`/orders/${id}/items`)
      .send({ productId: 'p-1', quantity: 2, unitPrice: 4.5 });
    expect(added.status).toBe(200);
    const confirmed = await as.post(`/orders/${id}/confirm`).send();
    expect(confirmed.status).toBe(200);
    return id;
  }

  const LIFECYCLE = ['order.created', 'order.item-added', 'order.confirmed'];

  /** The frames of `orderId`, in the order received. */
  const framesOf = (frames: readonly Frame[], orderId: string) =>
    frames.filter((frame) => frame.data.orderId === orderId);

  // ---------------------------------------------------------------------------------------------
  // SSE client
  // ---------------------------------------------------------------------------------------------

  interface SseClient {
    readonly status: number;
    readonly frames: Frame[];
    readonly errors: { code: string; message: string }[];
    readonly response: http.IncomingMessage;
    /** Resolves when the server ended the stream. */
    readonly ended: Promise<void>;
    close(): void;
  }

  function openSse(token: string | undefined, lastEventId?: string): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      const request = http.get(`${api.url}/events/stream`, { headers }, (response) => {
        const frames: Frame[] = [];
        const errors: { code: string; message: string }[] = [];
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          let end = text.indexOf('\n\n');
          while (end >= 0) {
            const block = text.slice(0, end);
            text = text.slice(end + 2);
            end = text.indexOf('\n\n');
            const fields = new Map<string, string>();
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
            }
            if (!fields.has('data')) continue;
            const data = JSON.parse(fields.get('data')!) as never;
            if (fields.get('event') === 'error') errors.push(data);
            else frames.push({ id: fields.get('id')!, type: fields.get('event')!, data });
          }
        });
        const ended = new Promise<void>((done) => {
          response.on('end', done);
          response.on('close', done);
        });
        resolve({
          status: response.statusCode ?? 0,
          frames,
          errors,
          response,
          ended,
          close: () => request.destroy(),
        });
      });
      request.on('error', reject);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // WebSocket client
  // ---------------------------------------------------------------------------------------------

  interface WsClient {
    readonly socket: WebSocket;
    readonly frames: Frame[];
    /** Resolves with the close code and reason. */
    readonly closed: Promise<{ code: number; reason: string }>;
    /** Resolves when the server sent `subscribed`. */
    readonly subscribed: Promise<void>;
  }

  function openWs(query: Record<string, string>, headers: Record<string, string> = {}): WsClient {
    const socket = new WebSocket(`${wsUrl}/events/ws?${new URLSearchParams(query).toString()}`, {
      headers,
    });
    const frames: Frame[] = [];
    let markSubscribed!: () => void;
    const subscribed = new Promise<void>((resolve) => (markSubscribed = resolve));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { kind: string } & Frame;
      if (message.kind === 'subscribed') markSubscribed();
      else frames.push({ id: message.id, type: message.type, data: message.data });
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    return { socket, frames, closed, subscribed };
  }

  // ---------------------------------------------------------------------------------------------
  // GraphQL (graphql-ws) client
  // ---------------------------------------------------------------------------------------------

  const ORDER_EVENTS = `subscription ($after: String) {
  orderEvents(after: $after) { id type orderId version occurredAt customerId productId quantity unitPrice }
}`;

  interface GqlSubscription {
    readonly client: Client;
    readonly frames: Frame[];
    readonly errors: unknown[];
    /** Resolves when the subscription completed or failed. */
    readonly done: Promise<void>;
    /** Resolves with the socket's close event. */
    readonly closed: Promise<{ code: number; reason: string }>;
    /** The client's sockets (to pause one). */
    readonly sockets: WebSocket[];
  }

  function subscribeGql(token: string | undefined, after?: string): GqlSubscription {
    const sockets: WebSocket[] = [];
    class TrackedWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    }
    let markClosed!: (event: { code: number; reason: string }) => void;
    const closed = new Promise<{ code: number; reason: string }>(
      (resolve) => (markClosed = resolve),
    );
    const client = createClient({
      url: `${wsUrl}/graphql`,
      webSocketImpl: TrackedWebSocket,
      connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      shouldRetry: () => false,
      on: {
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          markClosed({ code, reason: String(reason) });
        },
      },
    });
    const frames: Frame[] = [];
    const errors: unknown[] = [];
    const done = new Promise<void>((resolve) => {
      client.subscribe<{ orderEvents: Frame['data'] & { id: string; type: string } }>(
        { query: ORDER_EVENTS, variables: { after: after ?? null } },
        {
          next: (result) => {
            if (result.errors) errors.push(...result.errors);
            const event = result.data?.orderEvents;
            if (event) frames.push({ id: event.id, type: event.type, data: event });
          },
          error: (error) => {
            errors.push(error);
            resolve();
          },
          complete: () => resolve(),
        },
      );
    });
    return { client, frames, errors, done, closed, sockets };
  }

  /** Id of an event before everything of this test file: catch-up covers the whole log. */
  const FROM_START = '0:0';

  // ---------------------------------------------------------------------------------------------

  describe('GET /events/stream (SSE)', () => {
    it('sends the tenant order events in order, with log positions as ids', async () => {
      const sse = await openSse(tokenA);
      expect(sse.status).toBe(200);
      expect(sse.response.headers['content-type']).toMatch(/^text\/event-stream/);
      const orderId = await orderLifecycle(tokenA);
      await pollUntil(
        async () => framesOf(sse.frames, orderId).length,
        (n) => n === 3,
      );
      const frames = framesOf(sse.frames, orderId);
      expect(frames.map((frame) => frame.type)).toEqual(LIFECYCLE);
      expect(frames.map((frame) => frame.data.version)).toEqual([1, 2, 3]);
      expect(frames[1].data).toMatchObject({ productId: 'p-1', quantity: 2, unitPrice: 4.5 });
      expect(frames.every((frame) => /^\d+:\d+$/.test(frame.id))).toBe(true);
      sse.close();
    });

    it('never sends another tenant its events', async () => {
      const sseB = await openSse(tokenB);
      const orderA = await orderLifecycle(tokenA);
      const orderB = await orderLifecycle(tokenB);
      await pollUntil(
        async () => framesOf(sseB.frames, orderB).length,
        (n) => n === 3,
      );
      expect(framesOf(sseB.frames, orderA)).toEqual([]);
      expect(sseB.frames.every((frame) => frame.data.orderId === orderB)).toBe(true);
      sseB.close();
    });

    it('resumes after Last-Event-ID without loss or repetition', async () => {
      const first = await openSse(tokenA);
      const orderId = await orderLifecycle(tokenA);
      await pollUntil(
        async () => framesOf(first.frames, orderId).length,
        (n) => n >= 1,
      );
      const lastSeen = first.frames[0];
      first.close();
      const second = await openSse(tokenA, lastSeen.id);
      const laterOrder = await orderLifecycle(tokenA);
      await pollUntil(
        async () => framesOf(second.frames, laterOrder).length,
        (n) => n === 3,
      );
      expect(framesOf(second.frames, orderId).map((frame) => frame.type)).toEqual(
        LIFECYCLE.slice(1),
      );
      const ids = second.frames.map((frame) => frame.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).not.toContain(lastSeen.id);
      second.close();
    });

    it('refuses a client without a token (401) or without order:read (403)', async () => {
      const anonymous = await openSse(undefined);
      expect(anonymous.status).toBe(401);
      anonymous.close();
      const auditor = await api.token({
        sub: 'audrey',
        tenant: E2E_TENANT,
        roles: ['audit:reader'],
      });
      const forbidden = await openSse(auditor);
      expect(forbidden.status).toBe(403);
      forbidden.close();
      const malformed = await openSse(tokenA, 'not-a-position');
      expect(malformed.status).toBe(400);
      malformed.close();
    });
  });

  describe('WebSocket /events/ws', () => {
    it('sends the tenant order events in order; another tenant gets none of them', async () => {
      const a = openWs({ access_token: tokenA });
      const b = openWs({}, { Authorization: `Bearer ${tokenB}` });
      await Promise.all([a.subscribed, b.subscribed]);
      const orderA = await orderLifecycle(tokenA);
      const orderB = await orderLifecycle(tokenB);
      await pollUntil(
        async () => framesOf(a.frames, orderA).length,
        (n) => n === 3,
      );
      await pollUntil(
        async () => framesOf(b.frames, orderB).length,
        (n) => n === 3,
      );
      expect(framesOf(a.frames, orderA).map((frame) => frame.type)).toEqual(LIFECYCLE);
      expect(framesOf(a.frames, orderB)).toEqual([]);
      expect(framesOf(b.frames, orderA)).toEqual([]);
      a.socket.close();
      b.socket.close();
    });

    it('resumes after lastEventId without loss or repetition', async () => {
      const first = openWs({ access_token: tokenA });
      await first.subscribed;
      const orderId = await orderLifecycle(tokenA);
      await pollUntil(
        async () => framesOf(first.frames, orderId).length,
        (n) => n >= 1,
      );
      const lastSeen = framesOf(first.frames, orderId)[0];
      first.socket.close();
      const second = openWs({ access_token: tokenA, lastEventId: lastSeen.id });
      await second.subscribed;
      await pollUntil(
        async () => framesOf(second.frames, orderId).length,
        (n) => n === 2,
      );
      expect(framesOf(second.frames, orderId).map((frame) => frame.type)).toEqual(
        LIFECYCLE.slice(1),
      );
      second.socket.close();
    });

    it('closes with 4401 without a valid token and 4403 without order:read', async () => {
      expect((await openWs({}).closed).code).toBe(4401);
      expect((await openWs({ access_token: 'garbage' }).closed).code).toBe(4401);
      const auditor = await api.token({
        sub: 'audrey',
        tenant: E2E_TENANT,
        roles: ['audit:reader'],
      });
      const refused = await openWs({ access_token: auditor }).closed;
      expect(refused.code).toBe(4403);
      expect(refused.reason).toMatch(/order:read/);
    });
  });

  describe('GraphQL subscription orderEvents', () => {
    it('sends the tenant order events in order; another tenant gets none of them', async () => {
      const a = subscribeGql(tokenA, FROM_START);
      const b = subscribeGql(tokenB, FROM_START);
      const orderA = await orderLifecycle(tokenA);
      const orderB = await orderLifecycle(tokenB);
      await pollUntil(
        async () => framesOf(a.frames, orderA).length,
        (n) => n === 3,
      );
      await pollUntil(
        async () => framesOf(b.frames, orderB).length,
        (n) => n === 3,
      );
      expect(framesOf(a.frames, orderA).map((frame) => frame.type)).toEqual(LIFECYCLE);
      expect(a.frames.some((frame) => frame.data.orderId === orderB)).toBe(false);
      expect(b.frames.some((frame) => frame.data.orderId === orderA)).toBe(false);
      const ids = a.frames.map((frame) => frame.id);
      expect(new Set(ids).size).toBe(ids.length);
      await a.client.dispose();
      await b.client.dispose();
    });

    it('resumes after `after` without loss or repetition', async () => {
      const first = subscribeGql(tokenA, FROM_START);
      const orderId = await orderLifecycle(tokenA);
      await pollUntil(
        async () => framesOf(first.frames, orderId).length,
        (n) => n >= 1,
      );
      const lastSeen = framesOf(first.frames, orderId)[0];
      await first.client.dispose();
      const second = subscribeGql(tokenA, lastSeen.id);
      await pollUntil(
        async () => framesOf(second.frames, orderId).length,
        (n) => n === 2,
      );
      expect(framesOf(second.frames, orderId).map((frame) => frame.type)).toEqual(
        LIFECYCLE.slice(1),
      );
      expect(second.frames.map((frame) => frame.id)).not.toContain(lastSeen.id);
      await second.client.dispose();
    });

    it('refuses a connection without a valid token (4401) and a subscriber without order:read', async () => {
      const anonymous = subscribeGql(undefined);
      expect((await anonymous.closed).code).toBe(4401);
      const auditor = await api.token({
        sub: 'audrey',
        tenant: E2E_TENANT,
        roles: ['audit:reader'],
      });
      const forbidden = subscribeGql(auditor);
      await forbidden.done;
      expect(JSON.stringify(forbidden.errors)).toMatch(/FORBIDDEN|order:read/);
      expect(forbidden.frames).toEqual([]);
      await anonymous.client.dispose();
      await forbidden.client.dispose();
    });
  });

  describe('slow clients', () => {
    /** Appends `count` large order events of tenant A straight to the log (fills socket buffers). */
    async function flood(count: number): Promise<void> {
      const store = api.app.get(EventStore);
      const filler = 'x'.repeat(5_000);
      for (let offset = 0; offset < count; offset += 500) {
        const events = Array.from({ length: Math.min(500, count - offset) }, () => ({
          type: 'order.created',
          version: 1,
          data: { orderId: `flood-${randomUUID()}`, customerId: filler },
          metadata: { tenantId: E2E_TENANT },
        }));
        await store.appendToStreams(
          events.map((event) => ({ streamId: event.data.orderId, events: [event] })),
        );
      }
    }
    const FLOOD = 3_000;
    const streams = () => api.app.get(EventStreams);
    // Clients of earlier tests are gone on the server too.
    beforeAll(() =>
      pollUntil(
        async () => streams().openCount,
        (n) => n === 0,
        10_000,
      ),
    );

    it('SSE: a client that does not read is dropped with a reason, and resumes without loss', async () => {
      const sse = await openSse(tokenA);
      await pollUntil(
        async () => streams().openCount,
        (n) => n === 1,
      );
      sse.response.pause();
      await flood(FLOOD);
      await pollUntil(
        async () => streams().openCount,
        (n) => n === 0,
        20_000,
      );
      sse.response.resume();
      await sse.ended;
      expect(sse.errors).toEqual([expect.objectContaining({ code: 'STREAM_CLIENT_TOO_SLOW' })]);
      const received = sse.frames.filter((frame) => frame.data.orderId.startsWith('flood-'));
      expect(received.length).toBeLessThan(FLOOD);
      const resumed = await openSse(tokenA, sse.frames[sse.frames.length - 1].id);
      await pollUntil(
        async () => resumed.frames.length,
        (n) => received.length + n >= FLOOD,
        20_000,
      );
      const all = [...received, ...resumed.frames].map((frame) => frame.id);
      expect(new Set(all).size).toBe(FLOOD);
      resumed.close();
    }, 60_000);

    it('WebSocket: a paused client is closed with 4008 and the reason', async () => {
      const ws = openWs({ access_token: tokenA });
      await ws.subscribed;
      ws.socket.pause();
      await flood(FLOOD);
      await pollUntil(
        async () => streams().openCount,
        (n) => n === 0,
        20_000,
      );
      ws.socket.resume();
      const closed = await ws.closed;
      expect(closed.code).toBe(4008);
      expect(closed.reason).toMatch(/too slow/i);
    }, 60_000);

    it('GraphQL: a paused connection is closed with 4008 and the reason', async () => {
      const gql = subscribeGql(tokenA);
      await pollUntil(
        async () => streams().openCount,
        (n) => n === 1,
      );
      gql.sockets[0].pause();
      await flood(FLOOD);
      await pollUntil(
        async () => streams().openCount,
        (n) => n === 0,
        20_000,
      );
      gql.sockets[0].resume();
      const closed = await gql.closed;
      expect(closed.code).toBe(4008);
      expect(closed.reason).toMatch(/too slow/i);
      await gql.client.dispose();
    }, 60_000);
  });
});
