/** What the notifications consumer recorded for one integration event received from RabbitMQ. */
export interface OrderNotification {
  readonly orderId: string;
  /** The integration event: `order.confirmed` or `order.cancelled`. */
  readonly kind: string;
  /** Id of the message (= the event id): the inbox de-duplicates on it. */
  readonly messageId: string;
  /** Correlation id restored from the message headers (the originating HTTP request's). */
  readonly correlationId?: string;
  /** When the consumer recorded it (ISO-8601). */
  readonly receivedAt: string;
}
