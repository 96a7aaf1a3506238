import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventStore, InMemoryEventStore, type Principal } from '@cqrs-ddd/core';
import { Controller, Get, Global, Inject, Injectable, Module, Req, Res } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { type OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import { Test } from '@nestjs/testing';
import type { WebSocket } from 'ws';
import { StreamAuthenticator } from '../access/stream-authenticator.js';
import type { StreamCaller } from '../access/stream-caller.js';
import { EventStreams } from '../hub/event-streams.service.js';
import { ServerSentEvents } from '../sse/server-sent-events.js';
import { defineEventStream } from '../stream/event-stream.definition.js';
import { SharedServerWsAdapter } from '../websocket/shared-server-ws.adapter.js';
import { WebSocketStreams } from '../websocket/web-socket-streams.js';
import { StreamingModule } from './streaming.module.js';

/** Event type of the fixture stream. */
export const FIXTURE_EVENT = 'thing.happened';
/** Tenant of every fixture client. */
export const FIXTURE_TENANT = 't1';

const principal: Principal = { id: 'p', roles: [], authMethod: 'jwt', tenantId: FIXTURE_TENANT };
const caller: StreamCaller = { principal, tenantId: FIXTURE_TENANT };

@Injectable()
class AnyTokenAuthenticator extends StreamAuthenticator {
  async authenticate(): Promise<StreamCaller> {
    return caller;
  }
}

@Controller()
class SseController {
  constructor(
    @Inject(EventStreams) private readonly streams: EventStreams,
    @Inject(ServerSentEvents) private readonly sse: ServerSentEvents,
  ) {}

  @Get('stream')
  async stream(@Req() request: IncomingMessage, @Res() response: ServerResponse): Promise<void> {
    await this.sse.send(await this.streams.open('things', caller), request, response);
  }
}

@WebSocketGateway({ path: '/ws' })
class WsGateway implements OnGatewayConnection<WebSocket> {
  constructor(@Inject(WebSocketStreams) private readonly sockets: WebSocketStreams) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): Promise<void> {
    return this.sockets.serve('things', socket, request);
  }
}

@Global()
@Module({
  providers: [{ provide: EventStore, useValue: new InMemoryEventStore() }],
  exports: [EventStore],
})
class EventStoreFixtureModule {}

@Module({
  imports: [
    EventStoreFixtureModule,
    StreamingModule.forRoot({
      streams: [
        defineEventStream({ name: 'things', eventTypes: [FIXTURE_EVENT], map: (e) => e.data }),
      ],
      // Large enough that a stalled client is never dropped as too slow by the tests.
      bufferLimit: 100_000,
      authenticator: AnyTokenAuthenticator,
    }),
  ],
  controllers: [SseController],
  providers: [WsGateway],
})
class StreamingFixtureModule {}

/**
 * A Nest app with the streaming module over an in-memory event store: SSE on `GET /stream`,
 * WebSocket on `/ws` (stream `things`, events of type {@link FIXTURE_EVENT} of tenant
 * {@link FIXTURE_TENANT}), listening on a loopback port.
 */
export async function startStreamingTestApp(): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [StreamingFixtureModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  app.useWebSocketAdapter(new SharedServerWsAdapter(app));
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
