import { ValidationError, type ValidationIssue } from '@cqrs-ddd/core';
import { type RmqOptions, Transport } from '@nestjs/microservices';
import { connect } from 'amqplib';

/** What {@link prepareRabbitMqConsumer} declares and returns options for. */
export interface RabbitMqConsumerOptions {
  /** RabbitMQ URL (`amqp://user:pass@host:5672/vhost`). */
  readonly url: string;
  /** Durable queue of this consumer (one per consuming service). */
  readonly queue: string;
  /** Topic exchange the outbox publishes to; the queue is bound to the handlers' patterns. */
  readonly exchange: string;
  /** Unacknowledged messages in flight per consumer. @default 20 */
  readonly prefetchCount?: number;
  /** Exchange receiving the queue's dead letters. @default `<queue>.dlx` */
  readonly deadLetterExchange?: string;
  /** Queue holding the dead letters (bound to the dead-letter exchange). @default `<queue>.dlq` */
  readonly deadLetterQueue?: string;
}

/** The dead-letter names of a consumer queue, with their defaults. */
export function deadLetterNames(
  options: Pick<RabbitMqConsumerOptions, 'queue' | 'deadLetterExchange' | 'deadLetterQueue'>,
) {
  return {
    exchange: options.deadLetterExchange ?? `${options.queue}.dlx`,
    queue: options.deadLetterQueue ?? `${options.queue}.dlq`,
  };
}

/**
 * Declares the topology of an inbox consumer on RabbitMQ — the durable topic exchange, a
 * fanout dead-letter exchange and its durable dead-letter queue — and returns the options of
 * Nest's RMQ transport for it: manual acks (`noAck: false`, which `@Inbox()` needs), the queue
 * dead-lettering to that exchange, bound to the exchange by the handlers' patterns
 * (`wildcards`).
 *
 * ```ts
 * app.connectMicroservice(await prepareRabbitMqConsumer({ url, queue: 'billing', exchange: 'orders.integration' }));
 * await app.startAllMicroservices();
 * ```
 * @throws ValidationError for missing names; the connection error when RabbitMQ is unreachable
 */
export async function prepareRabbitMqConsumer(
  options: RabbitMqConsumerOptions,
): Promise<RmqOptions> {
  assertConsumerOptions(options);
  const deadLetter = deadLetterNames(options);
  const connection = await connect(options.url);
  try {
    const channel = await connection.createChannel();
    await channel.assertExchange(options.exchange, 'topic', { durable: true });
    await channel.assertExchange(deadLetter.exchange, 'fanout', { durable: true });
    await channel.assertQueue(deadLetter.queue, { durable: true });
    await channel.bindQueue(deadLetter.queue, deadLetter.exchange, '');
    await channel.close();
  } finally {
    await connection.close();
  }
  return {
    transport: Transport.RMQ,
    options: {
      urls: [options.url],
      queue: options.queue,
      exchange: options.exchange,
      exchangeType: 'topic',
      wildcards: true,
      noAck: false,
      prefetchCount: options.prefetchCount ?? 20,
      queueOptions: {
        durable: true,
        arguments: { 'x-dead-letter-exchange': deadLetter.exchange },
      },
    },
  };
}

function assertConsumerOptions(options: RabbitMqConsumerOptions): void {
  const issues: ValidationIssue[] = [];
  for (const field of ['url', 'queue', 'exchange'] as const) {
    if (typeof options?.[field] !== 'string' || options[field].length === 0) {
      issues.push({ path: field, message: 'must be a non-empty string' });
    }
  }
  const { prefetchCount } = options ?? {};
  if (prefetchCount !== undefined && !(Number.isInteger(prefetchCount) && prefetchCount > 0)) {
    issues.push({ path: 'prefetchCount', message: 'must be a positive integer' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
