import type {
  IntegrationMessage,
  MessagePublisher,
  StoredEvent,
  ValidationIssue,
} from '@cqrs-ddd/core';
import type { EventProcessorFilter, ProcessorRunOptions } from '@cqrs-ddd/projections';

/**
 * Maps a committed event to the messages to publish for it: one message, several, or none
 * (`[]` / `null`: the event is not published). Must be deterministic — a retry maps again.
 */
export type IntegrationMessageMapper = (
  event: StoredEvent,
) => IntegrationMessage | readonly IntegrationMessage[] | null;

/**
 * One publisher of `OutboxModule.forRoot({ publishers })`: a checkpointed processor over the
 * event log (its own checkpoint, lease and parked messages, named `outbox:<name>`) that sends
 * the selected events to one destination through `transport`.
 *
 * ```ts
 * {
 *   name: 'orders-to-rabbitmq',
 *   select: { types: ['order.confirmed', 'order.cancelled'] },
 *   transport: new RabbitMqPublisher({ url: process.env.AMQP_URL! }),
 * }
 * ```
 */
export interface OutboxPublisherDefinition {
  /** Stable, unique name: keys the checkpoint, the lease and the parked messages. */
  readonly name: string;
  /**
   * The integration events to publish, by stored event type and/or stream type (both must match
   * when both are given). Required: domain events are not published unless selected.
   */
  readonly select: EventProcessorFilter;
  /**
   * The broker client: one of the transports of this library (`RabbitMqPublisher`,
   * `NatsJetStreamPublisher`, `RedisStreamsPublisher`) or any `MessagePublisher` (Kafka, SQS...)
   * whose `publishBatch` resolves only once the broker confirmed every message and rejects with
   * `MessageRejectedError` for a message the broker refuses for good. Closed on shutdown when
   * it has a `close()` method.
   */
  readonly transport: MessagePublisher;
  /**
   * Destination (exchange routing key / subject / stream) of every message.
   * @default the event type
   */
  readonly destination?: string | ((event: StoredEvent) => string);
  /** Custom mapping. @default {@link defaultIntegrationMessage} with `destination` */
  readonly map?: IntegrationMessageMapper;
  /**
   * How the engine runs this publisher (batch size, lease, retries, poison policy).
   * @default batchSize 1_000, retry { maxAttempts 5, initialDelayMs 100, maxDelayMs 5_000 },
   * onPoison 'park-and-continue', one partition (strict log order)
   */
  readonly run?: ProcessorRunOptions;
}

/** Checks the publisher definitions; returns every problem (empty when valid). */
export function publisherDefinitionIssues(
  publishers: readonly OutboxPublisherDefinition[] | undefined,
): ValidationIssue[] {
  if (!Array.isArray(publishers)) {
    return [{ path: 'publishers', message: 'must be an array of publisher definitions' }];
  }
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  publishers.forEach((publisher, i) => {
    const at = `publishers.${i}`;
    const name: unknown = publisher?.name;
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/.test(name)) {
      issues.push({
        path: `${at}.name`,
        message: 'must be 1-100 letters, digits, ".", "_", ":" or "-"',
      });
    } else if (seen.has(name)) {
      issues.push({ path: `${at}.name`, message: `"${name}" is used by another publisher` });
    } else seen.add(name);
    const { types, streamTypes } = publisher?.select ?? {};
    if (!nonEmptyStrings(types) && !nonEmptyStrings(streamTypes)) {
      issues.push({
        path: `${at}.select`,
        message: 'must list event types and/or stream types (non-empty arrays of strings)',
      });
    }
    const transport = publisher?.transport as Partial<MessagePublisher> | undefined;
    if (typeof transport?.publishBatch !== 'function') {
      issues.push({ path: `${at}.transport`, message: 'must be a MessagePublisher' });
    }
    const { destination, map } = publisher ?? {};
    if (destination !== undefined && !['string', 'function'].includes(typeof destination)) {
      issues.push({ path: `${at}.destination`, message: 'must be a string or a function' });
    }
    if (map !== undefined && typeof map !== 'function') {
      issues.push({ path: `${at}.map`, message: 'must be a function' });
    }
  });
  return issues;
}

function nonEmptyStrings(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'string' && item.length > 0)
  );
}
