/**
 * The baseline: the same messages the relay sends, encoded beforehand (untimed) exactly as
 * `RabbitMqPublisher` encodes them (`defaultIntegrationMessage`, `toAmqpMessage`) — then published straight on an amqplib `ConfirmChannel`, in batches of
 * the relay's batch size, each batch awaiting its confirms (and the write buffer's drain when
 * full) before the next, as the relay does. No log reads, no checkpoints: the broker's ceiling.
 */
import type { EventStore, LogPosition } from '@cqrs-ddd/core';
import { defaultIntegrationMessage } from '@cqrs-ddd/outbox';
import {
  type AmqpMessage,
  resolveRabbitMqPublisherOptions,
  toAmqpMessage,
} from '@cqrs-ddd/outbox/rabbitmq';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import { benchAmqpUrl } from './bench-broker.js';
import { RELAYED_TYPE } from './outbox-log.js';

/** One message ready for `ConfirmChannel.publish`. */
export type EncodedMessage = AmqpMessage;

/** The relay's transport defaults (routing key = destination, else type). */
const AMQP = resolveRabbitMqPublisherOptions({ url: benchAmqpUrl() });

const READ_BATCH = 5_000;

/** Every relayed event of the log, read with `readAll` and encoded by the relay's transport code. */
export async function encodeLog(eventStore: EventStore): Promise<EncodedMessage[]> {
  const encoded: EncodedMessage[] = [];
  let after: LogPosition | null = null;
  for (;;) {
    const events = await eventStore.readAll({ after, limit: READ_BATCH, types: [RELAYED_TYPE] });
    if (events.length === 0) return encoded;
    for (const event of events) encoded.push(toAmqpMessage(defaultIntegrationMessage(event), AMQP));
    after = events[events.length - 1]!.position;
  }
}

/** A confirm channel of its own, publishing to `exchange`. */
export class DirectPublisher {
  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: ConfirmChannel,
    private readonly exchange: string,
  ) {}

  /** Connects and opens the confirm channel (untimed). */
  static async open(exchange: string): Promise<DirectPublisher> {
    const model = await connect(benchAmqpUrl());
    return new DirectPublisher(model, await model.createConfirmChannel(), exchange);
  }

  /** Publishes `messages` in batches of `batchSize`, awaiting each batch's confirms; seconds. */
  async time(messages: readonly EncodedMessage[], batchSize: number): Promise<number> {
    const started = performance.now();
    for (let first = 0; first < messages.length; first += batchSize) {
      await this.publishBatch(messages.slice(first, first + batchSize));
    }
    return (performance.now() - started) / 1000;
  }

  /** Closes the channel and the connection. */
  async close(): Promise<void> {
    await this.model.close();
  }

  private async publishBatch(batch: readonly EncodedMessage[]): Promise<void> {
    const confirms: Promise<void>[] = [];
    for (const { routingKey, content, properties } of batch) {
      let written = true;
      confirms.push(
        new Promise<void>((resolve, reject) => {
          written = this.channel.publish(this.exchange, routingKey, content, properties, (error) =>
            error ? reject(new Error(`nacked: ${String(error)}`)) : resolve(),
          );
        }),
      );
      if (!written) await new Promise((resolve) => this.channel.once('drain', resolve));
    }
    await Promise.all(confirms);
  }
}
