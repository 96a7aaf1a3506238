import { describe, expect, it } from '@jest/globals';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import {
  type AmqpCloseReason,
  closedLinkFailure,
  publishCallFailure,
} from './rabbitmq-publish.failure.js';
import type { AmqpMessage } from './rabbitmq.message.js';

const message = (messageId: string, size: number): AmqpMessage => ({
  messageId,
  routingKey: 'orders',
  content: Buffer.alloc(size),
  properties: {},
});
const batch = [message('small', 10), message('large', 2_000), message('other', 30)];

function channelClosed(code: number, text: string): AmqpCloseReason {
  return Object.assign(
    new Error(`Channel closed by server: ${code} (PRECONDITION-FAILED) with message "${text}"`),
    { code },
  );
}

describe('closedLinkFailure', () => {
  it('rejects the message over max_message_size when RabbitMQ closed the channel for it', () => {
    const reason = channelClosed(
      406,
      'PRECONDITION_FAILED - message size 2000 is larger than configured max size 1000',
    );
    const failure = closedLinkFailure(reason, batch);
    expect(failure).toBeInstanceOf(MessageRejectedError);
    expect(failure).toMatchObject({ messageId: 'large', cause: reason });
  });

  it('also reads the wording used at the hard 512 MiB limit', () => {
    const reason = channelClosed(
      406,
      'PRECONDITION_FAILED - message size 30 is larger than max size 536870912',
    );
    expect(closedLinkFailure(reason, batch)).toMatchObject({ messageId: 'other' });
  });

  it('treats an oversized message of another batch on the channel as an outage for this one', () => {
    const reason = channelClosed(
      406,
      'PRECONDITION_FAILED - message size 5000 is larger than configured max size 1000',
    );
    expect(closedLinkFailure(reason, batch)).toBeInstanceOf(BrokerUnavailableError);
  });

  it.each([
    ['another 406', channelClosed(406, 'PRECONDITION_FAILED - unknown delivery tag 7')],
    ['a missing exchange', channelClosed(404, "NOT_FOUND - no exchange 'x' in vhost '/'")],
    ['a lost socket', new Error('Unexpected close')],
  ])('treats %s as an outage', (_, reason) => {
    const failure = closedLinkFailure(reason, batch);
    expect(failure).toBeInstanceOf(BrokerUnavailableError);
    expect(failure).toMatchObject({ transport: 'rabbitmq', cause: reason });
    expect(failure.message).toContain(reason.message);
  });
});

describe('publishCallFailure', () => {
  it('rejects the message whose headers amqplib cannot encode', () => {
    const error = new RangeError('Encoded field table (headers or arguments) exceeds the buffer');
    expect(publishCallFailure(error, batch[0])).toMatchObject({
      code: MessageRejectedError.CODE,
      messageId: 'small',
    });
  });

  it('treats any other throw (a closing channel) as an outage', () => {
    const failure = publishCallFailure(new Error('Channel closing'), batch[0]);
    expect(failure).toBeInstanceOf(BrokerUnavailableError);
  });
});
