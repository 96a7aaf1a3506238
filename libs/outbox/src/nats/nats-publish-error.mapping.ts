import { JetStreamApiError } from '@nats-io/jetstream';
import {
  InvalidArgumentError,
  InvalidSubjectError,
  NoRespondersError,
} from '@nats-io/transport-node';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { errorText } from '../transport/transport-support.js';

/** Transport name in {@link BrokerUnavailableError}s of the NATS publisher. */
export const NATS_TRANSPORT = 'nats';

/** JetStream API error codes that refuse one message for good (nats-server `errors.json`). */
const PERMANENT_API_ERRORS: Readonly<Record<number, string>> = {
  10054: 'it is larger than the stream allows (max_msg_size); raise the limit or shrink it',
  10059: 'its stream does not exist; create a stream capturing the subject',
};

/**
 * Maps a failed JetStream publish of `messageId` on `subject` to the outbox errors: refusals
 * that a retry cannot change (no stream captures the subject, payload over the server's
 * `max_payload` or the stream's `max_msg_size`, an invalid subject or header) become
 * {@link MessageRejectedError}; everything else — connection refused or closed, no PubAck in
 * time, a stream-wide condition such as a full or sealed stream — is an outage
 * ({@link BrokerUnavailableError}), retried until it clears.
 */
export function natsPublishError(error: unknown, messageId: string, subject: string): Error {
  const reason = rejectionReason(error, subject);
  return reason === undefined
    ? new BrokerUnavailableError(NATS_TRANSPORT, `publish on "${subject}": ${errorText(error)}`, {
        cause: error,
      })
    : new MessageRejectedError(messageId, reason, { cause: error });
}

function rejectionReason(error: unknown, subject: string): string | undefined {
  // JetStream answers a publish through the stream capturing its subject; with none, NATS
  // reports "no responders" (which the client wraps as "jetstream is not enabled").
  if (causes(error).some((e) => e instanceof NoRespondersError)) {
    return (
      `no JetStream stream captures subject "${subject}" (or JetStream is not enabled): ` +
      'create a stream whose subjects include it (e.g. the publisher option `stream`)'
    );
  }
  if (error instanceof JetStreamApiError && PERMANENT_API_ERRORS[error.code]) {
    return `JetStream refused it on "${subject}": ${PERMANENT_API_ERRORS[error.code]} (${error.message})`;
  }
  if (error instanceof InvalidArgumentError) {
    // max_payload exceeded, or a header name/value NATS cannot carry (e.g. CR/LF)
    return `the NATS client refused it (${error.message})`;
  }
  if (error instanceof InvalidSubjectError) {
    return `"${subject}" is not a valid NATS subject`;
  }
  return undefined;
}

/** `error` and its chain of causes. */
export function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && chain.length < 10; e = (e as Error).cause) {
    chain.push(e);
    if (!(e instanceof Error)) break;
  }
  return chain;
}
