import {
  type Clock,
  type IntegrationMessage,
  isTelemetryActive,
  isValidationError,
  type StoredEvent,
  SystemClock,
} from '@cqrs-ddd/core';
import type { EventProcessor, EventProcessorFilter } from '@cqrs-ddd/projections';
import {
  BrokerUnavailableError,
  isBrokerUnavailableError,
} from '../errors/broker-unavailable.error.js';
import { isMessageRejectedError } from '../errors/message-rejected.error.js';
import { MessageMappingError } from '../errors/message-mapping.error.js';
import { defaultIntegrationMessage } from './integration-message.mapping.js';
import { type OutgoingMessage, publishInstrumented } from './outbox-publish.telemetry.js';
import type { OutboxPublisherDefinition } from './outbox-publisher.definition.js';
import { OutboxRelayMetrics } from './outbox-relay.metrics.js';

/** Prefix of the processor names of outbox publishers (checkpoints, leases, parked entries). */
export const OUTBOX_PROCESSOR_PREFIX = 'outbox:';

/**
 * The processor behind one outbox publisher: maps each batch of selected, committed events to
 * integration messages and publishes them through the transport; the engine saves the
 * checkpoint only after the transport resolved, i.e. after the broker confirmed every message
 * (at-least-once, in log order).
 *
 * Each published message is the instrumented operation `outbox.publish`, continuing its event's
 * trace, and carries that span in its `traceparent` header.
 *
 * Failures: a broker outage (any error but the two below) is retried whole with backoff until
 * the broker is back; a message the broker refuses for good (`MessageRejectedError`) or that
 * cannot be mapped or validated is isolated, retried and then parked like a poison event.
 */
export class OutboxRelayProcessor implements EventProcessor {
  readonly name: string;
  readonly filter: EventProcessorFilter;
  /** This relay's counters. */
  readonly metrics = new OutboxRelayMetrics();

  constructor(
    private readonly definition: OutboxPublisherDefinition,
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.name = `${OUTBOX_PROCESSOR_PREFIX}${definition.name}`;
    this.filter = definition.select;
  }

  async handleBatch(events: readonly StoredEvent[]): Promise<void> {
    const outgoing: OutgoingMessage[] = [];
    for (const event of events) {
      for (const message of this.messagesOf(event)) outgoing.push({ event, message });
    }
    if (outgoing.length === 0) return;
    try {
      await this.publish(outgoing);
    } catch (error) {
      this.metrics.onFailed();
      if (isMessageRejectedError(error) || isValidationError(error)) throw error;
      throw isBrokerUnavailableError(error)
        ? error
        : new BrokerUnavailableError('transport', errorText(error), { cause: error });
    }
    this.metrics.onPublished(outgoing.length, events.at(-1)?.recordedAt, this.clock.now());
  }

  /** Publishes the batch, each message in an `outbox.publish` span when telemetry is on. */
  private publish(outgoing: readonly OutgoingMessage[]): Promise<void> {
    const { transport } = this.definition;
    if (isTelemetryActive()) return publishInstrumented(transport, outgoing);
    return transport.publishBatch(outgoing.map(({ message }) => message));
  }

  isTransientFailure(error: unknown): boolean {
    return isBrokerUnavailableError(error);
  }

  private messagesOf(event: StoredEvent): readonly IntegrationMessage[] {
    const { map, destination } = this.definition;
    try {
      if (map) {
        const mapped = map(event);
        return mapped === null
          ? []
          : Array.isArray(mapped)
            ? mapped
            : [mapped as IntegrationMessage];
      }
      const target = typeof destination === 'function' ? destination(event) : destination;
      return [defaultIntegrationMessage(event, target)];
    } catch (error) {
      throw new MessageMappingError(event.eventId, event.type, errorText(error), { cause: error });
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
