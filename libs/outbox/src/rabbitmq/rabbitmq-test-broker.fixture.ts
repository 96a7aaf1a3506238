import type { IntegrationMessage } from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import { type Channel, type ChannelModel, connect, type Message } from 'amqplib';
import { testAmqpUrl, uniqueBrokerName } from '../testing/broker-test-urls.js';
import { readBackWireMessage } from '../transport/wire-message.read-back.fixture.js';

/** A queue of the test broker that collects what reaches it. */
export class TestQueue {
  private readonly received: Message[] = [];

  constructor(
    private readonly channel: Channel,
    readonly name: string,
  ) {}

  /** Every message that reached the queue so far, oldest first (consumed from the queue). */
  async drain(): Promise<readonly Message[]> {
    for (;;) {
      const message = await this.channel.get(this.name, { noAck: true });
      if (!message) return [...this.received];
      this.received.push(message);
    }
  }

  /** Waits (bounded) until at least `count` messages arrived; returns all of them. */
  receive(count: number): Promise<readonly Message[]> {
    return pollUntil(
      () => this.drain(),
      (messages) => messages.length >= count,
    );
  }

  /**
   * {@link drain}, read back into the messages published (the routing key stands for the
   * destination, as with the publisher's default routing).
   */
  async messages(): Promise<readonly IntegrationMessage[]> {
    return (await this.drain()).map(({ content, fields, properties }) =>
      readBackWireMessage({
        headers: properties.headers as Record<string, string>,
        body: content,
        destination: fields.routingKey,
      }),
    );
  }
}

/**
 * An admin connection to the test RabbitMQ: declares uniquely named exchanges and queues and
 * deletes them all in {@link cleanup}.
 */
export class TestBroker {
  private readonly exchanges: string[] = [];
  private readonly queues: string[] = [];

  private constructor(
    private readonly model: ChannelModel,
    /** A plain channel on the test broker, for the tests' own declarations. */
    readonly channel: Channel,
  ) {}

  /** Connects to `testAmqpUrl()`. */
  static async connect(): Promise<TestBroker> {
    const model = await connect(testAmqpUrl());
    model.on('error', () => undefined);
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    return new TestBroker(model, channel);
  }

  /** Declares a durable topic exchange (as the publisher and Nest do) with a unique name. */
  async exchange(): Promise<string> {
    const name = this.exchangeName();
    await this.channel.assertExchange(name, 'topic', { durable: true });
    return name;
  }

  /** A unique exchange name, deleted by {@link cleanup} (for exchanges others declare). */
  exchangeName(): string {
    const name = uniqueBrokerName('outbox-rmq');
    this.exchanges.push(name);
    return name;
  }

  /** A queue bound to `exchange` with `pattern`; `args` are its `x-` arguments. */
  async queue(exchange: string, pattern = '#', args: object = {}): Promise<TestQueue> {
    const name = this.queueName();
    await this.channel.assertQueue(name, { durable: false, arguments: args });
    await this.channel.bindQueue(name, exchange, pattern);
    return new TestQueue(this.channel, name);
  }

  /** A unique queue name, deleted by {@link cleanup} (for queues others declare). */
  queueName(): string {
    const name = uniqueBrokerName('outbox-rmq');
    this.queues.push(name);
    return name;
  }

  /** Deletes every exchange and queue named here, then closes the connection. */
  async cleanup(): Promise<void> {
    for (const queue of this.queues) await this.channel.deleteQueue(queue);
    for (const exchange of this.exchanges) await this.channel.deleteExchange(exchange);
    await this.model.close();
  }
}
