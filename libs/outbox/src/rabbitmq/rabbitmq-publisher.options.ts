import { type IntegrationMessage, ValidationError, type ValidationIssue } from '@cqrs-ddd/core';
import { functionIssue, positiveIntegerIssue } from '../transport/transport-support.js';
import { AMQP_SHORT_STRING_BYTES } from './rabbitmq.message.js';

/** RabbitMQ exchange types the publisher can declare. */
export type RabbitMqExchangeType = 'topic' | 'direct' | 'fanout' | 'headers';

/** Options of the `RabbitMqPublisher`. */
export interface RabbitMqPublisherOptions {
  /**
   * Broker URL, `amqp://user:password@host:5672/vhost` (or `amqps://`); query parameters such
   * as `heartbeat` and `frameMax` are passed to amqplib.
   */
  readonly url: string;
  /**
   * Exchange every message is published to.
   * @default 'cqrs-ddd.events'
   */
  readonly exchange?: string;
  /**
   * Type of the exchange (used when {@link assertExchange} declares it). Nest's RMQ transport
   * declares `topic` exchanges, and binds its queue with each `@EventPattern` when `wildcards`
   * is on.
   * @default 'topic'
   */
  readonly exchangeType?: RabbitMqExchangeType;
  /**
   * Declares the exchange (durable, no arguments, as Nest's RMQ transport does) on every
   * connect. Turn off when the exchange is provisioned elsewhere with other settings.
   * @default true
   */
  readonly assertExchange?: boolean;
  /**
   * Routing key of a message (at most 255 bytes).
   * @default (message) => message.destination ?? message.type
   */
  readonly routingKey?: (message: IntegrationMessage) => string;
  /**
   * Longest time a batch may wait, from its first publish, for room in the channel's write
   * buffer and for the broker's publisher confirms. Past it the batch fails with
   * `BrokerUnavailableError` and the connection is dropped (the next call reconnects).
   * @default 10_000
   */
  readonly confirmTimeoutMs?: number;
  /**
   * Longest time to open the connection and channel (and declare the exchange), and to close
   * them before the socket is destroyed.
   * @default 5_000
   */
  readonly connectTimeoutMs?: number;
  /**
   * Connection name shown in the RabbitMQ management UI (client property `connection_name`).
   * @default undefined (none)
   */
  readonly connectionName?: string;
  /**
   * AMQP `app-id` property of every message (who published it).
   * @default undefined (not set)
   */
  readonly appId?: string;
}

/** {@link RabbitMqPublisherOptions} with every default applied. */
export interface ResolvedRabbitMqPublisherOptions {
  readonly url: string;
  readonly exchange: string;
  readonly exchangeType: RabbitMqExchangeType;
  readonly assertExchange: boolean;
  readonly routingKey: (message: IntegrationMessage) => string;
  readonly confirmTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly connectionName?: string;
  readonly appId?: string;
}

const EXCHANGE_TYPES: readonly RabbitMqExchangeType[] = ['topic', 'direct', 'fanout', 'headers'];
/** Node's timers cap delays at 2^31 - 1 ms (a longer one fires at once). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Checks the options and applies the documented defaults.
 * @throws ValidationError listing every invalid field.
 */
export function resolveRabbitMqPublisherOptions(
  options: RabbitMqPublisherOptions,
): ResolvedRabbitMqPublisherOptions {
  const issues = rabbitMqOptionIssues(options);
  if (issues.length > 0) throw new ValidationError(issues);
  const { connectionName, appId } = options;
  return {
    url: options.url,
    exchange: options.exchange ?? 'cqrs-ddd.events',
    exchangeType: options.exchangeType ?? 'topic',
    assertExchange: options.assertExchange ?? true,
    routingKey: options.routingKey ?? ((message) => message.destination ?? message.type),
    confirmTimeoutMs: options.confirmTimeoutMs ?? 10_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    ...(connectionName !== undefined ? { connectionName } : {}),
    ...(appId !== undefined ? { appId } : {}),
  };
}

function rabbitMqOptionIssues(options: RabbitMqPublisherOptions | undefined): ValidationIssue[] {
  if (typeof options !== 'object' || options === null) {
    return [{ path: '', message: 'options must be an object' }];
  }
  const issues: ValidationIssue[] = [...functionIssue(options.routingKey, 'routingKey')];
  if (!isAmqpUrl(options.url)) {
    issues.push({ path: 'url', message: 'must be an amqp:// or amqps:// URL' });
  }
  for (const path of ['exchange', 'connectionName', 'appId'] as const) {
    const value = options[path];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0) {
      issues.push({ path, message: 'must be a non-empty string' });
    } else if (Buffer.byteLength(value) > AMQP_SHORT_STRING_BYTES) {
      issues.push({ path, message: `must be at most ${AMQP_SHORT_STRING_BYTES} bytes` });
    }
  }
  const { exchangeType, assertExchange } = options;
  if (exchangeType !== undefined && !EXCHANGE_TYPES.includes(exchangeType)) {
    issues.push({ path: 'exchangeType', message: `must be one of ${EXCHANGE_TYPES.join(', ')}` });
  }
  if (assertExchange !== undefined && typeof assertExchange !== 'boolean') {
    issues.push({ path: 'assertExchange', message: 'must be a boolean' });
  }
  for (const path of ['confirmTimeoutMs', 'connectTimeoutMs'] as const) {
    const value = options[path];
    const invalid = positiveIntegerIssue(value, path);
    issues.push(...invalid);
    if (invalid.length === 0 && value !== undefined && value > MAX_TIMEOUT_MS) {
      issues.push({ path, message: `must be at most ${MAX_TIMEOUT_MS} (the timer limit)` });
    }
  }
  return issues;
}

function isAmqpUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'amqp:' || protocol === 'amqps:') && hostname.length > 0;
  } catch {
    return false;
  }
}
