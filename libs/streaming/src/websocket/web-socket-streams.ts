import type { IncomingMessage } from 'node:http';
import { isCqrsDddError, UnauthenticatedError } from '@cqrs-ddd/core';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  Optional,
} from '@nestjs/common';
import type { WebSocket } from 'ws';
import { StreamAuthenticator } from '../access/stream-authenticator.js';
import { closeFrameOf } from '../access/stream-refusal.js';
import { streamTokenOf } from '../access/stream-token.js';
import { EventStreams } from '../hub/event-streams.service.js';
import { OpenConnections } from '../hub/open-connections.js';
import type { StreamSubscription } from '../hub/stream-subscription.js';
import { RESOLVED_STREAMING_OPTIONS } from '../module/streaming.tokens.js';
import type { ResolvedStreamingOptions } from '../module/streaming-module.options.js';
import { closeWebSocketNow } from './close-web-socket-now.js';

/** A message of the WebSocket stream protocol (JSON text frames, server to client only). */
export type WebSocketStreamMessage =
  | {
      /** Sent once the subscription runs: events after it are not missed. */
      readonly kind: 'subscribed';
      readonly stream: string;
    }
  | {
      readonly kind: 'event';
      /** Log position: reconnect with `?lastEventId=<id>` to resume after it. */
      readonly id: string;
      readonly type: string;
      readonly data: unknown;
    };

/**
 * Serves a stream on a WebSocket connection accepted by an app's `@WebSocketGateway` (platform-ws):
 * the gateway's `handleConnection(socket, request)` calls {@link serve}. The token is the
 * `Authorization: Bearer` header or the `access_token` query parameter, the resume point the
 * `lastEventId` query parameter. Refusals close the socket with 4401 (token), 4403
 * (permission), 4400 (malformed `lastEventId`); a too slow client gets 4008 with the reason.
 * Pings every `heartbeatMs` keep proxies from closing idle connections. On application shutdown
 * every connection is closed with 1001 and destroyed at once, without waiting for the client's
 * closing handshake.
 */
@Injectable()
export class WebSocketStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Streaming');
  private readonly open = new OpenConnections<WebSocket>();

  constructor(
    private readonly streams: EventStreams,
    @Inject(RESOLVED_STREAMING_OPTIONS) private readonly options: ResolvedStreamingOptions,
    @Optional() private readonly authenticator?: StreamAuthenticator,
  ) {}

  /** Authenticates the connection, opens `streamName` and sends it until either side ends. */
  async serve(streamName: string, socket: WebSocket, request: IncomingMessage): Promise<void> {
    const untrack = this.open.add(socket, (open) => closeWebSocketNow(open));
    socket.once('close', untrack);
    const query = new URL(request.url ?? '/', 'ws://localhost').searchParams;
    let subscription: StreamSubscription;
    try {
      if (!this.authenticator) {
        throw new UnauthenticatedError(
          'WebSocket streams need a StreamAuthenticator provider: the app provides one.',
        );
      }
      const caller = await this.authenticator.authenticate(streamTokenOf(request.headers, query));
      subscription = await this.streams.open(streamName, caller, {
        after: query.get('lastEventId'),
      });
    } catch (error) {
      this.close(socket, error);
      return;
    }
    await this.pump(subscription, socket);
  }

  /** Closes every connection now, without waiting on the clients. */
  beforeApplicationShutdown(): void {
    this.open.disconnectAll();
  }

  private async pump(subscription: StreamSubscription, socket: WebSocket): Promise<void> {
    const onClose = () => subscription.close();
    socket.on('close', onClose);
    // A stalled socket never takes the next event: drop it as soon as the subscription fails.
    subscription.onClosed((error) => error !== undefined && this.close(socket, error));
    const heartbeat = setInterval(() => socket.ping(), this.options.heartbeatMs);
    try {
      if (socket.readyState !== socket.OPEN) return;
      await send(socket, { kind: 'subscribed', stream: subscription.streamName });
      for await (const frame of subscription) {
        if (socket.readyState !== socket.OPEN) break;
        await send(socket, { kind: 'event', ...frame });
      }
      if (socket.readyState === socket.OPEN) socket.close(1001, 'Stream ended');
    } catch (error) {
      this.close(socket, error);
    } finally {
      clearInterval(heartbeat);
      socket.off('close', onClose);
      subscription.close();
    }
  }

  private close(socket: WebSocket, error: unknown): void {
    if (!isCqrsDddError(error)) this.logger.error(`WebSocket stream failed: ${String(error)}`);
    const { code, reason } = closeFrameOf(error);
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) {
      socket.close(code, reason);
    }
  }
}

/** Sends one message; resolves once it was written to the socket. */
function send(socket: WebSocket, message: WebSocketStreamMessage): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(JSON.stringify(message), (error) => (error ? reject(error) : resolve())),
  );
}
