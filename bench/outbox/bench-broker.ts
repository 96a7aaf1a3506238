/**
 * The benchmark's RabbitMQ: at `AMQP_URL` (default the local broker, guest/guest on 5672), a
 * uniquely named durable topic exchange and a durable queue bound to it with `#`, so that every
 * persistent message is routed and written to disk before the broker confirms it. Counted,
 * purged and consumed between phases; both deleted by {@link BenchBroker.cleanup}.
 */
import { randomBytes } from 'node:crypto';
import { type Channel, type ChannelModel, connect, type ConsumeMessage } from 'amqplib';

/** The broker the benchmark publishes to. */
export function benchAmqpUrl(): string {
  return process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

/** An admin connection owning the benchmark's exchange and queue. */
export class BenchBroker {
  private constructor(
    private readonly model: ChannelModel,
    private readonly channel: Channel,
    /** The topic exchange every contestant publishes to. */
    readonly exchange: string,
    /** The durable queue bound to {@link exchange} with `#`. */
    readonly queue: string,
  ) {}

  /** Connects and declares the exchange and the queue. */
  static async open(): Promise<BenchBroker> {
    const model = await connect(benchAmqpUrl());
    model.on('error', () => undefined);
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    const suffix = randomBytes(5).toString('hex');
    const exchange = `bench-outbox-${suffix}`;
    const queue = `bench-outbox-${suffix}`;
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, exchange, '#');
    return new BenchBroker(model, channel, exchange, queue);
  }

  /** Messages waiting in the queue. */
  async count(): Promise<number> {
    return (await this.channel.checkQueue(this.queue)).messageCount;
  }

  /** Empties the queue. */
  async purge(): Promise<void> {
    await this.channel.purgeQueue(this.queue);
  }

  /**
   * Consumes the queue (no acks) on a connection of its own, calling `onMessage` on arrival;
   * resolves to the function that stops consuming and closes that connection.
   */
  async consume(onMessage: (message: ConsumeMessage) => void): Promise<() => Promise<void>> {
    const model = await connect(benchAmqpUrl());
    model.on('error', () => undefined);
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    const { consumerTag } = await channel.consume(
      this.queue,
      (message) => message && onMessage(message),
      { noAck: true },
    );
    return async () => {
      await channel.cancel(consumerTag);
      await model.close();
    };
  }

  /** Deletes the queue and the exchange, then closes the admin connection. */
  async cleanup(): Promise<void> {
    await this.channel.deleteQueue(this.queue);
    await this.channel.deleteExchange(this.exchange);
    await this.model.close();
  }
}
