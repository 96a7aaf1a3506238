import { assertValidMessages, type IntegrationMessage, MessagePublisher } from '@cqrs-ddd/core';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { connect, headers, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import {
  BrokerUnavailableError,
  isBrokerUnavailableError,
} from '../errors/broker-unavailable.error.js';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import {
  encodeOrReject,
  endpointOf,
  errorText,
  withinTimeout,
} from '../transport/transport-support.js';
import {
  type NatsJetStreamPublisherOptions,
  resolveNatsJetStreamPublisherOptions,
  type ResolvedNatsJetStreamPublisherOptions,
} from './nats-jetstream-publisher.options.js';
import { ensureJetStreamStream } from './nats-jetstream-stream.setup.js';
import { NATS_TRANSPORT, natsPublishError } from './nats-publish-error.mapping.js';

/** One connection with its JetStream client. */
interface NatsSession {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
}

/** A message ready to send: its subject, body and NATS headers. */
interface OutgoingMessage {
  readonly messageId: string;
  readonly subject: string;
  readonly body: Uint8Array;
  readonly headers: MsgHdrs;
}

/**
 * Publishes integration messages to NATS JetStream: each message is stored by the stream
 * capturing its subject, with the wire headers of `encodeWireMessage` and `msgID` = message id,
 * so JetStream's duplicate window drops a re-publication (a duplicate PubAck counts as
 * published). A call resolves once JetStream acknowledged every message (PubAck); the messages
 * of a batch are sent in order on one connection, without waiting for each acknowledgement.
 *
 * Errors: `MessageRejectedError` for a message JetStream refuses for good (no stream captures
 * its subject, over `max_payload`); `BrokerUnavailableError` for an outage. The connection
 * does not reconnect in the background: after an outage it is dropped (so nothing left in its
 * buffer is sent later) and the next call connects again — every wait bounded by
 * `connectTimeoutMs` / `publishTimeoutMs`.
 *
 * Core NATS subscribers of a subject (a Nest `Transport.NATS` `@EventPattern(subject)`) also
 * receive what is published on it.
 */
export class NatsJetStreamPublisher extends MessagePublisher {
  /** `nats`. */
  override readonly messagingSystem = 'nats';
  private readonly options: ResolvedNatsJetStreamPublisherOptions;
  private session?: Promise<NatsSession>;
  private closed = false;

  /** @throws ValidationError listing every invalid option. */
  constructor(options: NatsJetStreamPublisherOptions) {
    super();
    this.options = resolveNatsJetStreamPublisherOptions(options);
  }

  /** Publishes one message; resolves once JetStream acknowledged it. */
  async publish(message: IntegrationMessage): Promise<void> {
    await this.publishBatch([message]);
  }

  /**
   * Publishes `messages` in order; resolves once JetStream acknowledged all of them. On
   * rejection (the error of the first failed message) other messages may have been stored.
   */
  async publishBatch(messages: readonly IntegrationMessage[]): Promise<void> {
    assertValidMessages(messages);
    if (messages.length === 0) return;
    const outgoing = messages.map((message) => this.prepare(message));
    const session = await this.connected();
    const results = await Promise.allSettled(outgoing.map((item) => this.send(session, item)));
    const errors = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason] : [],
    );
    if (errors.length === 0) return;
    if (errors.some(isBrokerUnavailableError)) this.drop(session);
    throw errors[0];
  }

  /** Drains and closes the connection; later publishes are rejected. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = undefined;
    const nc = await session?.then(({ nc }) => nc).catch(() => undefined);
    if (!nc || nc.isClosed()) return;
    await withinTimeout(nc.drain(), this.options.connectTimeoutMs, () => new Error('drain timeout'))
      .catch(() => nc.close())
      .catch(() => undefined);
  }

  private prepare(message: IntegrationMessage): OutgoingMessage {
    const { messageId } = message;
    const wire = encodeOrReject(message);
    try {
      const subject = this.options.subject(message);
      const natsHeaders = headers();
      for (const [name, value] of Object.entries(wire.headers)) natsHeaders.set(name, value);
      return { messageId, subject, body: wire.body, headers: natsHeaders };
    } catch (error) {
      throw new MessageRejectedError(messageId, `cannot be sent over NATS: ${errorText(error)}`, {
        cause: error,
      });
    }
  }

  private async send({ js }: NatsSession, message: OutgoingMessage): Promise<void> {
    const { messageId, subject, body, headers: natsHeaders } = message;
    try {
      await js.publish(subject, body, {
        msgID: messageId,
        headers: natsHeaders,
        timeout: this.options.publishTimeoutMs,
      });
    } catch (error) {
      throw natsPublishError(error, messageId, subject);
    }
  }

  /** The current session, or a new one (a connection attempt shared by concurrent calls). */
  private connected(): Promise<NatsSession> {
    if (this.closed) {
      return Promise.reject(new BrokerUnavailableError(NATS_TRANSPORT, 'the publisher is closed'));
    }
    if (!this.session) {
      const session = this.open();
      this.session = session;
      const forget = () => {
        if (this.session === session) this.session = undefined;
      };
      session.then(({ nc }) => nc.closed().then(forget), forget);
    }
    return this.session;
  }

  private async open(): Promise<NatsSession> {
    const { servers, connectTimeoutMs, stream } = this.options;
    let nc: NatsConnection;
    try {
      nc = await connect({ servers, timeout: connectTimeoutMs, reconnect: false });
    } catch (error) {
      throw new BrokerUnavailableError(
        NATS_TRANSPORT,
        `cannot connect to ${servers.map(endpointOf).join(', ')}: ${errorText(error)}`,
        { cause: error },
      );
    }
    try {
      if (stream) await ensureJetStreamStream(nc, stream, connectTimeoutMs);
      return { nc, js: jetstream(nc, { timeout: this.options.publishTimeoutMs }) };
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw error;
    }
  }

  /** Closes `session` without draining: what its buffer still holds is not sent. */
  private drop(session: NatsSession): void {
    void session.nc.close().catch(() => undefined);
  }
}
