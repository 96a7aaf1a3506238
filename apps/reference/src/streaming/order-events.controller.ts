import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventStreams, ServerSentEvents } from '@cqrs-ddd/streaming';
import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ORDER_STREAM } from './order-event.stream.js';

/**
 * `GET /events/stream`: the caller tenant's order events as Server-Sent Events (`id:` = log
 * position, `event:` = type, `data:` = JSON). Authenticated and tenant-resolved by the app's
 * guards like every route; `order:read` is checked by the stream's access policy (401 / 403 as
 * problem+json before the stream starts).
 */
@ApiTags('events')
@Controller('events')
export class OrderEventsController {
  constructor(
    private readonly streams: EventStreams,
    private readonly sse: ServerSentEvents,
  ) {}

  /** Streams until the client leaves; resumes after `Last-Event-ID` (or `?lastEventId=`). */
  @Get('stream')
  @ApiOperation({ summary: "Server-Sent Events of the caller tenant's order events." })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id.' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'Same as Last-Event-ID.' })
  async stream(
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
    @Headers('last-event-id') lastEventIdHeader?: string,
    @Query('lastEventId') lastEventIdQuery?: string,
  ): Promise<void> {
    const subscription = await this.streams.openForCurrentRequest(ORDER_STREAM, {
      after: lastEventIdHeader || lastEventIdQuery,
    });
    await this.sse.send(subscription, request, response);
  }
}
