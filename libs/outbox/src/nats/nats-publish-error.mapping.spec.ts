import { describe, expect, it } from '@jest/globals';
import { JetStreamApiError } from '@nats-io/jetstream';
import {
  ClosedConnectionError,
  errors,
  InvalidArgumentError,
  InvalidSubjectError,
  NoRespondersError,
  RequestError,
} from '@nats-io/transport-node';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { natsPublishError } from './nats-publish-error.mapping.js';

const apiError = (err_code: number, code: number, description: string) =>
  new JetStreamApiError({ err_code, code, description });

describe('natsPublishError', () => {
  // What @nats-io/jetstream 3.4 throws when nothing answers the publish request.
  const noStream = new Error('jetstream is not enabled', {
    cause: new RequestError("no responders: 'orders'", { cause: new NoRespondersError('orders') }),
  });

  it.each([
    ['no stream captures the subject (no responders)', noStream, 'create a stream'],
    ['the stream does not exist', apiError(10059, 404, 'stream not found'), 'create a stream'],
    ['over max_msg_size', apiError(10054, 400, 'message size exceeds maximum'), 'max_msg_size'],
    [
      'over max_payload',
      InvalidArgumentError.format('payload', 'max_payload size exceeded'),
      'max_payload',
    ],
    ['an invalid subject', new InvalidSubjectError('a b'), 'not a valid NATS subject'],
  ])('rejects the message for good when %s', (_, error, reason) => {
    const mapped = natsPublishError(error, 'm-1', 'orders');
    expect(mapped).toBeInstanceOf(MessageRejectedError);
    expect(mapped).toMatchObject({ messageId: 'm-1', cause: error });
    expect((mapped as MessageRejectedError).reason).toContain(reason);
  });

  it.each([
    ['no PubAck in time', new errors.TimeoutError()],
    ['a closed connection', new ClosedConnectionError()],
    ['a connection lost mid-request', new RequestError('connection closed')],
    ['a full stream', apiError(10077, 503, 'maximum messages exceeded')],
    ['anything unknown', new Error('boom')],
  ])('reports an outage for %s', (_, error) => {
    const mapped = natsPublishError(error, 'm-1', 'orders');
    expect(mapped).toBeInstanceOf(BrokerUnavailableError);
    expect(mapped).toMatchObject({ transport: 'nats', cause: error });
    expect(mapped.message).toContain('"orders"');
  });
});
