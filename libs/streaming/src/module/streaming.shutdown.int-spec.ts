/**
 * Application shutdown with clients connected over SSE and WebSocket — some reading, some that
 * stopped reading with the server's writes piling up — completes promptly: the transports cut
 * every connection off instead of waiting on clients (the HTTP server's `close()` would wait for
 * ever for a stalled SSE response, `ws` 30 s for a closing handshake).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { EventStore } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import type { INestApplication } from '@nestjs/common';
import http from 'node:http';
import WebSocket from 'ws';
import { EventStreams } from '../hub/event-streams.service.js';
import {
  FIXTURE_EVENT,
  FIXTURE_TENANT,
  startStreamingTestApp,
} from './streaming-test-app.fixture.js';

let app: INestApplication | undefined;
const clients: { destroy(): void }[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await app?.close();
  app = undefined;
});

/** An SSE client; resolves with its response once the headers arrived. */
function openSse(url: string): Promise<{ response: http.IncomingMessage; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}/stream`, {
      agent: false,
      headers: { Accept: 'text/event-stream' },
    });
    clients.push(request);
    request.on('error', () => undefined);
    request.on('response', (response) => {
      const ended = new Promise<void>((done) => response.on('close', done));
      response.on('error', () => undefined);
      resolve({ response, ended });
    });
    request.on('error', reject);
  });
}

/** A WebSocket client; resolves once it is subscribed, with the promise of its close code. */
async function openWs(url: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  clients.push({ destroy: () => socket.terminate() });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve) => socket.once('message', () => resolve()));
  return { socket, closed };
}

/** Appends `count` events of about 64 KB: enough to fill the socket buffers of a stalled client. */
async function flood(store: EventStore, count: number): Promise<void> {
  const filler = 'x'.repeat(64_000);
  await store.appendToStreams(
    Array.from({ length: count }, (_, n) => ({
      streamId: `s-${n}`,
      events: [
        {
          type: FIXTURE_EVENT,
          version: 1,
          data: { n, filler },
          metadata: { tenantId: FIXTURE_TENANT },
        },
      ],
    })),
  );
}

describe('StreamingModule shutdown', () => {
  it('closes SSE and WebSocket connections at once, including clients that stopped reading', async () => {
    const started = await startStreamingTestApp();
    app = started.app;
    const streams = app.get(EventStreams);
    const readingSse = await openSse(started.url);
    readingSse.response.resume();
    const stalledSse = await openSse(started.url);
    stalledSse.response.pause();
    const readingWs = await openWs(started.url);
    const stalledWs = await openWs(started.url);
    stalledWs.socket.pause();
    await pollUntil(
      async () => streams.openCount,
      (n) => n === 4,
    );
    await flood(app.get(EventStore), 300);
    // The stalled clients' subscriptions hold events their sockets cannot take.
    await pollUntil(
      async () => streams.openCount,
      (n) => n === 4,
    );

    const closing = Date.now();
    await app.close();
    app = undefined;
    expect(Date.now() - closing).toBeLessThan(5_000);
    expect(streams.openCount).toBe(0);
    await readingSse.ended;
    expect(await readingWs.closed).toBe(1001);
    stalledWs.socket.resume();
    await stalledWs.closed;
  });
});
