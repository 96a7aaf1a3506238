import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { StreamAccessPolicy } from '../access/stream-access.policy.js';
import { GraphqlWsStreams } from '../graphql/graphql-ws-streams.js';
import { EventStreams } from '../hub/event-streams.service.js';
import { ServerSentEvents } from '../sse/server-sent-events.js';
import { WebSocketStreams } from '../websocket/web-socket-streams.js';
import { resolveStreamingOptions } from './resolve-streaming-options.js';
import {
  ConfigurableStreamingModule,
  STREAMING_MODULE_OPTIONS,
  type StreamingModuleAsyncOptions,
  type StreamingModuleRootOptions,
} from './streaming.module-definition.js';
import type { StreamingModuleOptions } from './streaming-module.options.js';
import { RESOLVED_STREAMING_OPTIONS } from './streaming.tokens.js';

const services = [EventStreams, ServerSentEvents, WebSocketStreams, GraphqlWsStreams];

const providers: Provider[] = [
  {
    provide: RESOLVED_STREAMING_OPTIONS,
    inject: [STREAMING_MODULE_OPTIONS],
    useFactory: (options: StreamingModuleOptions) => resolveStreamingOptions(options),
  },
  ...services,
];

/**
 * Real-time streams of domain events from the event log to clients (SSE, WebSocket, GraphQL
 * subscriptions over graphql-ws). Every instance reads the log itself (one tail per log,
 * gap-safe, woken by the store's commit signal), so any instance serves any client, and a
 * client that reconnects anywhere with the id of its last event resumes without loss.
 *
 * ```ts
 * StreamingModule.forRoot({
 *   streams: [defineEventStream({ name: 'orders', eventTypes: ['order.created'], map: (e) => e.data, permission: 'order:read' })],
 * })
 * ```
 * Needs core's `EventStore` (the event store module) and, for WebSocket and GraphQL, a
 * `StreamAuthenticator` class from the app (extra `authenticator`); the `StreamAccessPolicy`
 * defaults to `RoleStreamAccessPolicy` (extra `accessPolicy` replaces it).
 *
 * Exports `EventStreams` (open a stream for a caller), `ServerSentEvents`, `WebSocketStreams`,
 * `GraphqlWsStreams` (the transport adapters) and `StreamAccessPolicy`.
 */
@Module({})
export class StreamingModule extends ConfigurableStreamingModule {
  /** Registers the module with static options. */
  static override forRoot(options: StreamingModuleRootOptions): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  /** Registers the module with options from a factory, class or existing provider. */
  static override forRootAsync(options: StreamingModuleAsyncOptions): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

function withProviders(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), StreamAccessPolicy, ...services],
  };
}
