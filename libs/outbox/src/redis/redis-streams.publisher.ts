import { assertValidMessages, type IntegrationMessage, MessagePublisher } from '@cqrs-ddd/core';
import { Redis } from 'ioredis';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import {
  encodeOrReject,
  endpointOf,
  errorText,
  withinTimeout,
} from '../transport/transport-support.js';
import {
  type RedisStreamsPublisherOptions,
  resolveRedisStreamsPublisherOptions,
  type ResolvedRedisStreamsPublisherOptions,
} from './redis-streams-publisher.options.js';

/** Transport name in {@link BrokerUnavailableError}s of the Redis Streams publisher. */
export const REDIS_STREAMS_TRANSPORT = 'redis-streams';

/** Field of a stream entry holding the message body (the other fields are the wire headers). */
export const REDIS_BODY_FIELD = 'body';

/** Longest pause between two reconnection attempts of the publisher's own client, in ms. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/** The XADD of one message. */
interface StreamEntry {
  readonly messageId: string;
  readonly key: string;
  readonly args: (string | Buffer)[];
}

/**
 * Publishes integration messages to Redis Streams: each message is one `XADD` entry on the
 * stream of its destination, whose fields are the wire headers of `encodeWireMessage` plus
 * `body` (the JSON body). A batch is one `MULTI`/`EXEC`, so its entries are appended in order;
 * the `EXEC` reply is the confirmation.
 *
 * Errors: `MessageRejectedError` for a message Redis refuses for good (its key holds another
 * type, a header named `body`); `BrokerUnavailableError` for an outage. The publisher's own
 * client fails commands at once while disconnected (no offline queue, nothing re-sent behind
 * the caller's back) and reconnects by itself; every wait is bounded by `commandTimeoutMs`.
 */
export class RedisStreamsPublisher extends MessagePublisher {
  /** `redis`. */
  override readonly messagingSystem = 'redis';
  private readonly options: ResolvedRedisStreamsPublisherOptions;
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  /** `host:port` of the server, for error messages. */
  private readonly endpoint: string;
  /** Last connection error of the own client (the given client's errors are its owner's). */
  private lastError?: Error;
  private closed = false;

  /** @throws ValidationError listing every invalid option. */
  constructor(options: RedisStreamsPublisherOptions) {
    super();
    this.options = resolveRedisStreamsPublisherOptions(options);
    const { client, url, commandTimeoutMs } = this.options;
    this.ownsClient = client === undefined;
    this.client =
      client ??
      new Redis(url!, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
        commandTimeout: commandTimeoutMs,
        connectTimeout: commandTimeoutMs,
        retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      });
    const { host, port } = this.client.options;
    this.endpoint = url === undefined ? `${host}:${port}` : endpointOf(url);
    // Connection errors surface in rejected publishes; without a listener ioredis logs them.
    if (this.ownsClient) {
      this.client.on('error', (error) => (this.lastError = error));
      this.client.on('ready', () => (this.lastError = undefined));
    }
  }

  /** Publishes one message; resolves once Redis appended it. */
  async publish(message: IntegrationMessage): Promise<void> {
    await this.publishBatch([message]);
  }

  /**
   * Appends `messages` in order in one transaction; resolves once Redis replied. On rejection
   * (the error of the first failed entry) the other entries may have been appended.
   */
  async publishBatch(messages: readonly IntegrationMessage[]): Promise<void> {
    assertValidMessages(messages);
    if (messages.length === 0) return;
    const entries = messages.map((message) => this.entry(message));
    await this.ready();
    const transaction = this.client.multi();
    for (const { key, args } of entries) transaction.xadd(key, ...args);
    const { commandTimeoutMs } = this.options;
    let replies: [Error | null, unknown][] | null;
    try {
      replies = await withinTimeout(
        transaction.exec(),
        commandTimeoutMs,
        () => new Error(`no reply within ${commandTimeoutMs} ms`),
      );
    } catch (error) {
      throw this.unavailable(`XADD of ${entries.length} message(s): ${errorText(error)}`, error);
    }
    if (!replies) throw this.unavailable('the transaction was discarded');
    const failed = replies.findIndex(([error]) => error !== null);
    if (failed >= 0) throw this.entryError(entries[failed]!, replies[failed]![0]!);
  }

  /** Closes the publisher's own connection (a given `client` is left open). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.ownsClient) return;
    const { client } = this;
    if (client.status === 'ready') {
      const quit = withinTimeout(client.quit(), this.options.commandTimeoutMs, () => new Error());
      if (await quit.then(() => true).catch(() => false)) return;
    }
    client.disconnect();
  }

  private entry(message: IntegrationMessage): StreamEntry {
    const { messageId } = message;
    const wire = encodeOrReject(message);
    if (REDIS_BODY_FIELD in wire.headers) {
      throw new MessageRejectedError(
        messageId,
        `its header "${REDIS_BODY_FIELD}" collides with the body field of the stream entry; rename it`,
      );
    }
    let key: unknown;
    try {
      key = this.options.stream(message);
    } catch (error) {
      throw new MessageRejectedError(messageId, `the stream function threw: ${errorText(error)}`, {
        cause: error,
      });
    }
    if (typeof key !== 'string' || key.length === 0) {
      throw new MessageRejectedError(messageId, 'the stream function returned no stream key');
    }
    const { maxLen } = this.options;
    const args: (string | Buffer)[] = maxLen === undefined ? [] : ['MAXLEN', '~', String(maxLen)];
    args.push('*');
    for (const [name, value] of Object.entries(wire.headers)) args.push(name, value);
    args.push(REDIS_BODY_FIELD, wire.body);
    return { messageId, key, args };
  }

  /**
   * Waits (at most `commandTimeoutMs`) until the client is connected: connects a lazy client
   * (failing as soon as that attempt fails), or awaits the client's own reconnection.
   */
  private async ready(): Promise<void> {
    const { client } = this;
    if (this.closed) throw this.unavailable('the publisher is closed');
    if (client.status === 'ready') return;
    const { commandTimeoutMs } = this.options;
    let onReady: (() => void) | undefined;
    const connected =
      client.status === 'wait'
        ? client.connect()
        : new Promise<void>((resolve) => client.once('ready', (onReady = resolve)));
    try {
      await withinTimeout(
        connected,
        commandTimeoutMs,
        () => new Error(`not connected within ${commandTimeoutMs} ms (${client.status})`),
      );
    } catch (error) {
      const last = this.lastError ? ` (last error: ${this.lastError.message})` : '';
      throw this.unavailable(
        `cannot connect to ${this.endpoint}: ${errorText(error)}${last}`,
        error,
      );
    } finally {
      if (onReady) client.off('ready', onReady);
    }
  }

  private entryError(entry: StreamEntry, error: Error): Error {
    if (error.message.startsWith('WRONGTYPE')) {
      return new MessageRejectedError(
        entry.messageId,
        `key "${entry.key}" holds a value that is not a stream (${error.message})`,
        { cause: error },
      );
    }
    return this.unavailable(`XADD to "${entry.key}": ${error.message}`, error);
  }

  private unavailable(message: string, cause?: unknown): BrokerUnavailableError {
    return new BrokerUnavailableError(REDIS_STREAMS_TRANSPORT, message, { cause });
  }
}
