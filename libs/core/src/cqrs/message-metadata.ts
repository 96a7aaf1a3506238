/** Metadata callers attach to a message without changing its class; see {@link withMessageMetadata}. */
export interface MessageMetadata {
  /** Makes the execution idempotent under this key (see the idempotency step). */
  readonly idempotencyKey?: string;
  /** Anything else steps should see in `PipelineContext.metadata`. */
  readonly [key: string]: unknown;
}

const attached = new WeakMap<object, MessageMetadata>();

/**
 * Attaches metadata to a message instance and returns the message, e.g.
 * `commandBus.execute(withMessageMetadata(new CreateOrder(...), { idempotencyKey }))`.
 * The pipeline copies it into `PipelineContext.metadata`. Attaching again merges.
 */
export function withMessageMetadata<T extends object>(message: T, metadata: MessageMetadata): T {
  const previous = attached.get(message);
  attached.set(message, previous ? { ...previous, ...metadata } : metadata);
  return message;
}

/** Metadata attached to `message` with {@link withMessageMetadata}, if any. */
export function messageMetadataOf(message: object): MessageMetadata | undefined {
  return attached.get(message);
}
