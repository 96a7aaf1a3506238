import type { IncomingMessage } from 'node:http';
import { WebSocketStreams } from '@cqrs-ddd/streaming';
import { type OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { ORDER_STREAM } from './order-event.stream.js';

/** Path of the order events WebSocket. */
export const ORDER_EVENTS_WS_PATH = '/events/ws';

/**
 * `ws://<host>/events/ws?access_token=<JWT>&lastEventId=<id>`: the caller tenant's order events
 * as JSON messages (`{kind:'subscribed'}`, then `{kind:'event', id, type, data}`); close codes
 * 4401 / 4403 / 4400 for refusals, 4008 for a too slow client.
 */
@WebSocketGateway({ path: ORDER_EVENTS_WS_PATH })
export class OrderEventsGateway implements OnGatewayConnection<WebSocket> {
  constructor(private readonly sockets: WebSocketStreams) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): Promise<void> {
    return this.sockets.serve(ORDER_STREAM, socket, request);
  }
}
