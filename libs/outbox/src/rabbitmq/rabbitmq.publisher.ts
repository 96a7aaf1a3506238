import { assertValidMessages, type IntegrationMessage, MessagePublisher } from '@cqrs-ddd/core';
import {
  BrokerUnavailableError,
  isBrokerUnavailableError,
} from '../errors/broker-unavailable.error.js';
import {
  type RabbitMqPublisherOptions,
  type ResolvedRabbitMqPublisherOptions,
  resolveRabbitMqPublisherOptions,
} from './rabbitmq-publisher.options.js';
import { RABBITMQ_TRANSPORT } from './rabbitmq-publish.failure.js';
import { RabbitMqConnection } from './rabbitmq.connection.js';
import { type AmqpMessage, toAmqpMessage } from './rabbitmq.message.js';

/**
 * Publishes integration messages to a RabbitMQ exchange with publisher confirms: a call
 * resolves only once the broker confirmed every message, so the outbox relay may move its
 * checkpoint.
 *
 * Each message is persistent and carries the wire body `{ pattern: type, data: payload }` and
 * the wire headers (`x-message-id`, `x-message-type`, context headers...), plus the AMQP
 * properties `message-id`, `type`, `content-type`, `timestamp`, `correlation-id` and `app-id`,
 * so a Nest `@EventPattern(type)` handler on the RMQ transport consumes it as an event. The
 * routing key is `destination ?? type` by default. RabbitMQ confirms and drops a message no
 * queue is bound for: bind the consumers' queues (or an alternate exchange) first.
 *
 * Failures: a broker nack, a message over the broker's `max_message_size` or one AMQP cannot
 * carry rejects with `MessageRejectedError` naming the (first) refused message; a refused or
 * lost connection, a closed channel or a missing confirm within `confirmTimeoutMs` rejects with
 * `BrokerUnavailableError` and drops the connection: the next call reconnects. No call waits
 * longer than `connectTimeoutMs + confirmTimeoutMs`.
 *
 * Built on amqplib rather than `@nestjs/microservices`' `ClientRMQ`: ClientRMQ's channel
 * (amqp-connection-manager) buffers publishes in memory while disconnected and offers no
 * confirm timeout, so the relay could neither see the outage to back off nor bound its memory.
 */
export class RabbitMqPublisher extends MessagePublisher {
  /** `rabbitmq`. */
  override readonly messagingSystem = 'rabbitmq';
  private readonly options: ResolvedRabbitMqPublisherOptions;
  private readonly connection: RabbitMqConnection;
  private readonly inFlight = new Set<Promise<void>>();
  private closing?: Promise<void>;

  /** @throws ValidationError listing every invalid option. */
  constructor(options: RabbitMqPublisherOptions) {
    super();
    this.options = resolveRabbitMqPublisherOptions(options);
    this.connection = new RabbitMqConnection(this.options);
  }

  /** Publishes one message; resolves once the broker confirmed it. */
  publish(message: IntegrationMessage): Promise<void> {
    return this.publishBatch([message]);
  }

  /**
   * Publishes `messages` in order on one channel; resolves once the broker confirmed them all.
   * On rejection any of them may have been delivered (consumers de-duplicate on `messageId`).
   */
  async publishBatch(messages: readonly IntegrationMessage[]): Promise<void> {
    assertValidMessages(messages);
    if (this.closing) {
      throw new BrokerUnavailableError(RABBITMQ_TRANSPORT, 'the publisher is closed');
    }
    if (messages.length === 0) return;
    const batch = messages.map((message) => toAmqpMessage(message, this.options));
    const sending = this.send(batch);
    this.inFlight.add(sending);
    try {
      await sending;
    } finally {
      this.inFlight.delete(sending);
    }
  }

  /**
   * Waits for the calls under way to settle, then closes the channel and connection. Later
   * calls reject with `BrokerUnavailableError`. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled(this.inFlight);
      await this.connection.close();
    })();
    return this.closing;
  }

  private async send(batch: readonly AmqpMessage[]): Promise<void> {
    const link = await this.connection.link();
    const { exchange, confirmTimeoutMs } = this.options;
    try {
      await link.publishConfirmed(exchange, batch, confirmTimeoutMs);
    } catch (error) {
      // A nack or an unsendable message leaves the channel usable; anything else does not.
      if (!link.isOpen || isBrokerUnavailableError(error)) this.connection.discard(link);
      throw error;
    }
  }
}
