import {
  GraphqlWsStreams,
  type GraphqlWsResolverContext,
  type StreamFrame,
} from '@cqrs-ddd/streaming';
import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import { Public } from '../auth/public.decorator.js';
import { ORDER_STREAM, type OrderStreamEvent } from './order-event.stream.js';
import { OrderStreamEventType } from './order-stream-event.type.js';

/**
 * `subscription { orderEvents(after: String) { id type orderId ... } }` over graphql-ws: the
 * connection is authenticated once (`connectionParams.Authorization`) by `GraphqlWsStreams`, so
 * the resolver is public for the HTTP guards; `order:read` is checked when it subscribes.
 */
@Resolver(() => OrderStreamEventType)
export class OrderEventsResolver {
  constructor(private readonly streams: GraphqlWsStreams) {}

  /** The caller tenant's order events, after the event id `after` (else from now). */
  @Public()
  @Subscription(() => OrderStreamEventType, {
    resolve: (frame: StreamFrame<OrderStreamEvent>): OrderStreamEventType => ({
      id: frame.id,
      type: frame.type,
      ...frame.data,
    }),
  })
  orderEvents(
    @Context() context: GraphqlWsResolverContext,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<AsyncIterableIterator<StreamFrame<OrderStreamEvent>>> {
    return this.streams.subscribe<OrderStreamEvent>(ORDER_STREAM, context, after);
  }
}
