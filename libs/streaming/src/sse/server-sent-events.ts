import type { IncomingMessage, ServerResponse } from 'node:http';
import { isCqrsDddError } from '@cqrs-ddd/core';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { OpenConnections } from '../hub/open-connections.js';
import type { StreamSubscription } from '../hub/stream-subscription.js';
import { RESOLVED_STREAMING_OPTIONS } from '../module/streaming.tokens.js';
import type { ResolvedStreamingOptions } from '../module/streaming-module.options.js';
import type { StreamFrame } from '../stream/event-stream.definition.js';

/**
 * Sends a subscription as Server-Sent Events (`text/event-stream`) on a raw Node response:
 * each event as `id: <log position>`, `event: <type>`, `data: <public shape as JSON>`; a
 * heartbeat comment every `heartbeatMs`. Writes wait for the socket to drain, so a slow client
 * lets events pile up in its subscription until the buffer limit disconnects it: the stream then
 * ends with `event: error` and `data: {"code","message"}`. The client resumes with the
 * `Last-Event-ID` header (EventSource sends it by itself).
 *
 * Open the subscription first (`EventStreams.openForCurrentRequest`), so that refusals still
 * answer with an error status rather than an empty stream. On application shutdown every open
 * stream is ended and its connection destroyed at once, readers or not.
 */
@Injectable()
export class ServerSentEvents implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Streaming');
  private readonly open = new OpenConnections<ServerResponse>();

  constructor(
    @Inject(RESOLVED_STREAMING_OPTIONS) private readonly options: ResolvedStreamingOptions,
  ) {}

  /** Streams `subscription` to `response` until either side ends; resolves then. */
  async send(
    subscription: StreamSubscription,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.write(`: stream ${subscription.streamName}\n\n`);
    const heartbeat = setInterval(
      () => response.write(': heartbeat\n\n'),
      this.options.heartbeatMs,
    );
    const untrack = this.open.add(response, disconnect);
    const onClose = () => subscription.close();
    request.on('close', onClose);
    response.on('close', onClose);
    // A stalled socket never takes the next event: end it as soon as the subscription fails.
    subscription.onClosed((error) => error !== undefined && this.fail(response, error));
    try {
      for await (const frame of subscription) {
        // Gone (client left, or cut off at shutdown): the frames still queued go nowhere.
        if (response.destroyed) break;
        if (!response.write(formatFrame(frame))) await drained(response);
      }
    } catch (error) {
      this.fail(response, error);
    } finally {
      clearInterval(heartbeat);
      untrack();
      request.off('close', onClose);
      response.off('close', onClose);
      subscription.close();
      if (!response.writableEnded) response.end();
    }
  }

  /** Ends every open stream and destroys its connection, without waiting on the clients. */
  beforeApplicationShutdown(): void {
    this.open.disconnectAll();
  }

  /**
   * Ends the stream with `event: error` and `data: {"code","message"}`; a client that has not
   * read it after `max(heartbeatMs, 10 s)` is cut off.
   */
  private fail(response: ServerResponse, error: unknown): void {
    if (response.writableEnded) return;
    if (!isCqrsDddError(error)) this.logger.error(`Event stream failed: ${String(error)}`);
    const code = isCqrsDddError(error) ? error.code : 'INTERNAL';
    const message = isCqrsDddError(error) ? error.message : 'The event stream failed.';
    response.end(`event: error\ndata: ${JSON.stringify({ code, message })}\n\n`);
    const cutOff = setTimeout(() => response.destroy(), Math.max(this.options.heartbeatMs, 10_000));
    cutOff.unref();
    response.once('close', () => clearTimeout(cutOff));
  }
}

/** One event in the `text/event-stream` format. */
export function formatFrame(frame: StreamFrame): string {
  return `id: ${frame.id}\nevent: ${frame.type}\ndata: ${JSON.stringify(frame.data)}\n\n`;
}

/** Ends `response` and destroys its connection now (a stalled client never drains it). */
function disconnect(response: ServerResponse): void {
  if (!response.writableEnded) response.end();
  response.destroy();
}

/** Until `response` can take more, or is closed (at once when it already is). */
function drained(response: ServerResponse): Promise<void> {
  if (response.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
