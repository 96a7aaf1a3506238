import {
  currentTraceparent,
  instrument,
  type IntegrationMessage,
  type MessagePublisher,
  type StoredEvent,
  TELEMETRY_ATTRIBUTES,
} from '@cqrs-ddd/core';

/** A message to publish and the event it was mapped from. */
export interface OutgoingMessage {
  readonly event: StoredEvent;
  readonly message: IntegrationMessage;
}

/**
 * Publishes `outgoing` in one `transport.publishBatch` call, each message as the instrumented
 * operation `outbox.publish` (a producer span, child of its event's `traceparent`, with its
 * destination, event type and messaging system), and with the message's `traceparent` header
 * naming that span — so the consumer's span is its child. Where no span records (sampled out,
 * observers only), the header is the event's `traceparent` as mapped. The spans end when the
 * broker confirmed (or refused) the batch.
 */
export async function publishInstrumented(
  transport: MessagePublisher,
  outgoing: readonly OutgoingMessage[],
): Promise<void> {
  const broker = resolvable<void>();
  const stamped = outgoing.map(() => resolvable<IntegrationMessage>());
  const spans = outgoing.map(({ event, message }, i) =>
    instrument(
      {
        operation: 'outbox.publish',
        name: `publish ${message.destination ?? message.type}`,
        kind: 'producer',
        traceparent: event.metadata.traceparent,
        attributes: {
          [TELEMETRY_ATTRIBUTES.destination]: message.destination ?? message.type,
          [TELEMETRY_ATTRIBUTES.eventType]: event.type,
          [TELEMETRY_ATTRIBUTES.eventId]: event.eventId,
          [TELEMETRY_ATTRIBUTES.messagingSystem]: transport.messagingSystem,
        },
      },
      async () => {
        stamped[i]!.resolve(withTraceparent(message, currentTraceparent()));
        await broker.promise;
      },
    ),
  );
  const messages = await Promise.all(stamped.map((message) => message.promise));
  // A transport throwing synchronously must still end the spans.
  const published = Promise.resolve().then(() => transport.publishBatch(messages));
  published.then(broker.resolve, broker.reject);
  await Promise.allSettled(spans);
  await published;
}

function withTraceparent(
  message: IntegrationMessage,
  traceparent: string | undefined,
): IntegrationMessage {
  if (traceparent === undefined || traceparent === message.headers.traceparent) return message;
  return { ...message, headers: { ...message.headers, traceparent } };
}

interface Resolvable<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

// `Promise.withResolvers` of ES2024 (the repo targets ES2023).
function resolvable<T>(): Resolvable<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
