import { UnauthenticatedError, isCqrsDddError } from '@cqrs-ddd/core';
import { type BeforeApplicationShutdown, Injectable, Logger, Optional } from '@nestjs/common';
import type { Context } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { WebSocket } from 'ws';
import { StreamAuthenticator } from '../access/stream-authenticator.js';
import type { StreamCaller } from '../access/stream-caller.js';
import { closeFrameOf } from '../access/stream-refusal.js';
import { streamTokenOf } from '../access/stream-token.js';
import { EventStreams } from '../hub/event-streams.service.js';
import { OpenConnections } from '../hub/open-connections.js';
import { isStreamClientTooSlowError } from '../errors/stream-client-too-slow.error.js';
import type { StreamFrame } from '../stream/event-stream.definition.js';
import { closeWebSocketNow } from '../websocket/close-web-socket-now.js';

/** The part of a GraphQL context the subscription resolvers need: graphql-ws's `extra`. */
export interface GraphqlWsResolverContext {
  readonly extra?: unknown;
}

/**
 * Event streams as GraphQL subscriptions over graphql-ws (Apollo driver, `subscriptions:
 * { 'graphql-ws': { onConnect } }`):
 * - {@link onConnect} authenticates the connection once, from `connectionParams.Authorization`
 *   (`Bearer <JWT>`) or `connectionParams.access_token`, through the app's
 *   `StreamAuthenticator`; a refused connection is closed with 4401 / 4403 and its reason;
 * - {@link subscribe}, called by a `@Subscription` resolver with its context (which must carry
 *   graphql-ws's `extra`), opens the stream for that caller, resuming after `after` (an event
 *   id). A permission refusal is the operation's GraphQL error; a too slow client is
 *   disconnected with close code 4008 and the reason (it resumes with `after`).
 *
 * On application shutdown every connection it accepted is closed with 1001 and destroyed at
 * once. `@nestjs/graphql` stops graphql-ws in its `onModuleDestroy` by default, which waits for
 * every client's closing handshake (up to 30 s for a client that stopped reading): give the
 * GraphQL module `stopOnApplicationShutdown: true`, so that this runs first.
 */
@Injectable()
export class GraphqlWsStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Streaming');
  private readonly callers = new WeakMap<object, StreamCaller>();
  private readonly open = new OpenConnections<WebSocket>();

  constructor(
    private readonly streams: EventStreams,
    @Optional() private readonly authenticator?: StreamAuthenticator,
  ) {}

  /** graphql-ws `onConnect`: `true` when authenticated, else closes the socket and `false`. */
  async onConnect(
    context: Context<Record<string, unknown> | undefined, unknown>,
  ): Promise<boolean> {
    const extra = context.extra as Partial<Extra> | undefined;
    try {
      if (!this.authenticator) {
        throw new UnauthenticatedError(
          'GraphQL subscriptions need a StreamAuthenticator provider: the app provides one.',
        );
      }
      const params = context.connectionParams ?? {};
      const query = new URLSearchParams();
      if (typeof params.access_token === 'string') query.set('access_token', params.access_token);
      const caller = await this.authenticator.authenticate(streamTokenOf(params, query));
      if (extra) this.callers.set(extra, caller);
      const socket = extra?.socket;
      if (socket) {
        const untrack = this.open.add(socket, (open) => closeWebSocketNow(open));
        socket.once('close', untrack);
      }
      return true;
    } catch (error) {
      if (!isCqrsDddError(error))
        this.logger.error(`graphql-ws connection refused: ${String(error)}`);
      const { code, reason } = closeFrameOf(error);
      extra?.socket?.close(code, reason);
      return false;
    }
  }

  /** Closes every accepted connection now, without waiting on the clients. */
  beforeApplicationShutdown(): void {
    this.open.disconnectAll();
  }

  /**
   * The events of `streamName` for the connection of `context`, after `after` (else from now).
   * @throws UnauthenticatedError when the connection was not authenticated by {@link onConnect}
   * @throws ForbiddenError, ValidationError, UnknownStreamError as `EventStreams.open`
   */
  async subscribe<TPublic = unknown>(
    streamName: string,
    context: GraphqlWsResolverContext,
    after?: string | null,
  ): Promise<AsyncIterableIterator<StreamFrame<TPublic>>> {
    const extra = context.extra as Partial<Extra> | undefined;
    const caller =
      typeof extra === 'object' && extra !== null ? this.callers.get(extra) : undefined;
    if (caller === undefined) {
      throw new UnauthenticatedError(
        'Subscriptions are authenticated when the graphql-ws connection opens: send ' +
          'connectionParams { Authorization: "Bearer <JWT>" }.',
      );
    }
    const subscription = await this.streams.open<TPublic>(streamName, caller, { after });
    subscription.onClosed((error) => {
      if (!isStreamClientTooSlowError(error)) return;
      const { code, reason } = closeFrameOf(error);
      extra?.socket?.close(code, reason);
    });
    return subscription;
  }
}
