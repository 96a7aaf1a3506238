import type { Socket } from 'node:net';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import { withinTimeout } from '../transport/transport-support.js';
import type { ResolvedRabbitMqPublisherOptions } from './rabbitmq-publisher.options.js';
import {
  type AmqpCloseReason,
  closedLinkFailure,
  confirmTimeoutFailure,
  nackFailure,
  publishCallFailure,
} from './rabbitmq-publish.failure.js';
import type { AmqpMessage } from './rabbitmq.message.js';

/**
 * One AMQP connection with its confirm channel. It watches both for `error` and `close` (so no
 * broker event goes unhandled) and, once either is lost, fails whatever still waits on it; it is
 * never reused after that: the owner opens a new link.
 */
export class RabbitMqLink {
  private channel?: ConfirmChannel;
  private lostReason?: AmqpCloseReason;
  private closing?: Promise<void>;
  /** Called once when the link is lost (by the batches waiting on it). */
  private readonly lostListeners = new Set<() => void>();

  private constructor(private readonly model: ChannelModel) {
    model.on('error', (error: Error) => this.lose(error));
    model.on('close', (error?: Error) => this.lose(error ?? new Error('connection closed')));
  }

  /**
   * Connects, opens a confirm channel and declares the exchange if asked to; each of the two
   * steps gives up after `connectTimeoutMs`.
   * @throws whatever amqplib or the broker reported.
   */
  static async open(options: ResolvedRabbitMqPublisherOptions): Promise<RabbitMqLink> {
    const { connectionName, connectTimeoutMs } = options;
    const model = await connect(options.url, {
      timeout: connectTimeoutMs,
      clientProperties: connectionName === undefined ? {} : { connection_name: connectionName },
    });
    const link = new RabbitMqLink(model);
    try {
      await withinTimeout(
        link.openChannel(options),
        connectTimeoutMs,
        () => new Error(`no channel within ${connectTimeoutMs} ms (connectTimeoutMs)`),
      );
      return link;
    } catch (error) {
      const reason = link.lostReason ?? error;
      await link.close(connectTimeoutMs);
      throw reason;
    }
  }

  /** False once the connection or channel failed or closed. */
  get isOpen(): boolean {
    return this.lostReason === undefined;
  }

  /**
   * Publishes `batch` in order (waiting for the write buffer to drain when it is full) and
   * resolves once the broker confirmed every message.
   * @throws MessageRejectedError for the first message the broker refused;
   *   BrokerUnavailableError when the link was lost or `timeoutMs` passed first.
   */
  async publishConfirmed(
    exchange: string,
    batch: readonly AmqpMessage[],
    timeoutMs: number,
  ): Promise<void> {
    const { failed, dispose } = this.watch(batch, timeoutMs);
    try {
      const confirms: Promise<void>[] = [];
      for (const message of batch) {
        const { written, confirmed } = this.publish(exchange, message);
        confirms.push(confirmed);
        if (!written) await Promise.race([this.drained(), failed]);
      }
      const outcomes = await Promise.race([Promise.allSettled(confirms), failed]);
      const refused = outcomes.find((outcome) => outcome.status === 'rejected');
      if (refused) throw refused.reason;
    } finally {
      dispose();
    }
  }

  private async openChannel(options: ResolvedRabbitMqPublisherOptions): Promise<void> {
    const channel = await this.model.createConfirmChannel();
    this.channel = channel;
    channel.on('error', (error: Error) => this.lose(error));
    // Before amqplib's own listener, which fails the unconfirmed messages: they then see why.
    channel.prependListener('close', () => this.lose(new Error('channel closed')));
    if (options.assertExchange) {
      await channel.assertExchange(options.exchange, options.exchangeType, { durable: true });
    }
  }

  /**
   * Closes the channel and connection, destroying the socket if the broker does not answer
   * within `timeoutMs`. Idempotent; never rejects.
   */
  close(timeoutMs: number): Promise<void> {
    this.lose(new Error('the publisher closed the connection'));
    this.closing ??= this.closeModel(timeoutMs);
    return this.closing;
  }

  private async closeModel(timeoutMs: number): Promise<void> {
    const timedOut = new Error(`the broker did not answer the close within ${timeoutMs} ms`);
    try {
      await withinTimeout(this.model.close(), timeoutMs, () => timedOut);
    } catch (error) {
      // amqplib has no public way to drop the socket, and a half-closed connection keeps its
      // heartbeat timers (and the process) alive: a socket error makes amqplib tear it down.
      // (Any other error means the connection was closed already.)
      if (error === timedOut) {
        (this.model.connection as unknown as { stream?: Socket }).stream?.destroy(timedOut);
      }
    }
  }

  /**
   * Hands `message` to the channel; `written` is false when the write buffer is full.
   * @throws (synchronously) when amqplib refuses the message, mapped to the publish errors.
   */
  private publish(exchange: string, message: AmqpMessage) {
    let settle!: (error?: Error) => void;
    const confirmed = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    // The batch reads every outcome, unless it already failed as a whole.
    confirmed.catch(() => undefined);
    const { routingKey, content, properties } = message;
    try {
      const written = (this.channel as ConfirmChannel).publish(
        exchange,
        routingKey,
        content,
        properties,
        (error: unknown) => settle(error ? this.refusal(message) : undefined),
      );
      return { written, confirmed };
    } catch (error) {
      throw this.lostReason
        ? closedLinkFailure(this.lostReason, [message])
        : publishCallFailure(error, message);
    }
  }

  /** Why the broker did not confirm `message`: the link was lost, or it nacked the message. */
  private refusal(message: AmqpMessage) {
    return this.lostReason
      ? closedLinkFailure(this.lostReason, [message])
      : nackFailure(message.messageId);
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => (this.channel as ConfirmChannel).once('drain', resolve));
  }

  /** A promise failing when the link is lost or `timeoutMs` pass; `dispose` stops watching. */
  private watch(batch: readonly AmqpMessage[], timeoutMs: number) {
    let dispose!: () => void;
    const failed = new Promise<never>((_, reject) => {
      const onLost = () => reject(closedLinkFailure(this.lostReason as AmqpCloseReason, batch));
      const timer = setTimeout(
        () => reject(confirmTimeoutFailure(timeoutMs, batch.length)),
        timeoutMs,
      );
      this.lostListeners.add(onLost);
      dispose = () => {
        clearTimeout(timer);
        this.lostListeners.delete(onLost);
      };
      if (this.lostReason) onLost();
    });
    failed.catch(() => undefined);
    return { failed, dispose };
  }

  /** Records the first reason the link was lost and fails every batch waiting on it. */
  private lose(reason: AmqpCloseReason): void {
    if (this.lostReason) return;
    this.lostReason = reason;
    for (const listener of this.lostListeners) listener();
  }
}
