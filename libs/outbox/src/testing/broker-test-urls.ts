import { randomBytes } from 'node:crypto';

/** RabbitMQ of the tests: `AMQP_URL`, else the local broker (guest/guest on 5672). */
export function testAmqpUrl(): string {
  return process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

/** NATS (with JetStream) of the tests: `NATS_URL`, else the local server on 4222. */
export function testNatsUrl(): string {
  return process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
}

/** Redis of the tests: `REDIS_URL`, else the local server on 6379. */
export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/**
 * A name no other test uses (exchange, queue, stream, subject, key prefix): tests share one
 * broker, so each isolates itself by name and deletes what it created.
 */
export function uniqueBrokerName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}
