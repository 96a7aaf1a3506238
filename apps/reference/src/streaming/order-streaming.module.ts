import { StreamingModule } from '@cqrs-ddd/streaming';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JwtStreamAuthenticator } from './jwt-stream.authenticator.js';
import { orderEventStream } from './order-event.stream.js';
import { OrderEventsController } from './order-events.controller.js';
import { OrderEventsGateway } from './order-events.gateway.js';
import { OrderEventsResolver } from './order-events.resolver.js';
import { OrderStreamAccessPolicy } from './order-stream-access.policy.js';

/** Options of {@link OrderStreamingModule.forRoot}. */
export interface OrderStreamingOptions {
  /** Events waiting per client before it is dropped as too slow. @default 1000 */
  readonly bufferLimit?: number;
  /** SSE heartbeat / WebSocket ping interval, in ms. @default 15_000 */
  readonly heartbeatMs?: number;
}

/**
 * Real-time order events from the event log: `GET /events/stream` (SSE), the `/events/ws`
 * WebSocket and the `orderEvents` GraphQL subscription; same bearer tokens as the API
 * (`JwtStreamAuthenticator`), `order:read` through the app's access rules
 * (`OrderStreamAccessPolicy`). Global, so the GraphQL module's factory can inject
 * `GraphqlWsStreams` for its graphql-ws `onConnect`. The app sets `SharedServerWsAdapter`.
 */
@Global()
@Module({})
export class OrderStreamingModule {
  /** The module for `options`. */
  static forRoot(options: OrderStreamingOptions = {}): DynamicModule {
    const streaming = StreamingModule.forRoot({
      streams: [orderEventStream],
      bufferLimit: options.bufferLimit,
      heartbeatMs: options.heartbeatMs,
      accessPolicy: OrderStreamAccessPolicy,
      authenticator: JwtStreamAuthenticator,
    });
    return {
      module: OrderStreamingModule,
      imports: [streaming],
      controllers: [OrderEventsController],
      providers: [OrderEventsGateway, OrderEventsResolver],
      exports: [streaming],
    };
  }
}
