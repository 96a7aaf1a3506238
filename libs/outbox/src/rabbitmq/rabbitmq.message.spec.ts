import { describe, expect, it } from '@jest/globals';
import type { IntegrationMessage } from '@cqrs-ddd/core';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { encodeWireMessage, WIRE_HEADERS } from '../message/wire-message.js';
import { resolveRabbitMqPublisherOptions } from './rabbitmq-publisher.options.js';
import { toAmqpMessage } from './rabbitmq.message.js';

const defaults = resolveRabbitMqPublisherOptions({ url: 'amqp://127.0.0.1' });
const message: IntegrationMessage = {
  messageId: 'm-1',
  type: 'order.confirmed',
  payload: { orderId: 'o-1' },
  headers: {
    occurredAt: '2025-01-02T03:04:05.678Z',
    contentType: 'application/json',
    correlationId: 'corr-1',
  },
};

describe('toAmqpMessage', () => {
  it('maps a message to a persistent AMQP message with the wire body and headers', () => {
    const wire = encodeWireMessage(message);
    expect(toAmqpMessage(message, { ...defaults, appId: 'orders' })).toEqual({
      messageId: 'm-1',
      routingKey: 'order.confirmed',
      content: wire.body,
      properties: {
        persistent: true,
        messageId: 'm-1',
        type: 'order.confirmed',
        contentType: 'application/json',
        timestamp: Date.UTC(2025, 0, 2, 3, 4, 5) / 1000,
        correlationId: 'corr-1',
        appId: 'orders',
        headers: wire.headers,
      },
    });
  });

  it('routes by destination when given and carries the ordering key as a header', () => {
    const amqp = toAmqpMessage({ ...message, destination: 'orders', key: 'o-1' }, defaults);
    expect(amqp.routingKey).toBe('orders');
    expect(amqp.properties.headers).toMatchObject({ [WIRE_HEADERS.key]: 'o-1' });
  });

  it('leaves out the properties the message has no value for', () => {
    const bare = { ...message, headers: { ...message.headers, correlationId: undefined } };
    const { properties } = toAmqpMessage(bare, defaults);
    expect(properties).not.toHaveProperty('correlationId');
    expect(properties).not.toHaveProperty('appId');
    expect(properties.headers).not.toHaveProperty(WIRE_HEADERS.key);
  });

  it('uses the routingKey option', () => {
    const routingKey = (m: IntegrationMessage) => `tenant-a.${m.type}`;
    expect(toAmqpMessage(message, { ...defaults, routingKey }).routingKey).toBe(
      'tenant-a.order.confirmed',
    );
  });

  it.each([
    ['a routing key over 255 bytes', { destination: 'é'.repeat(128) }, 'routingKey'],
    ['a type over 255 bytes', { type: 't'.repeat(256), destination: 'orders' }, 'type'],
    [
      'a correlation id over 255 bytes',
      { headers: { ...message.headers, correlationId: 'c'.repeat(256) } },
      'correlationId',
    ],
  ])('rejects %s as permanently unsendable', (_, overrides, field) => {
    const act = () => toAmqpMessage({ ...message, ...overrides }, defaults);
    expect(act).toThrow(MessageRejectedError);
    expect(act).toThrow(expect.objectContaining({ messageId: 'm-1' }) as never);
    expect(act).toThrow(field);
  });

  it('rejects a payload JSON cannot encode as permanently unsendable', () => {
    const act = () => toAmqpMessage({ ...message, payload: { total: 1n } }, defaults);
    expect(act).toThrow(MessageRejectedError);
    expect(act).toThrow('JSON');
  });

  it('rejects the message when the routingKey option fails for it', () => {
    const failing = () => {
      throw new Error('no tenant');
    };
    const act = () => toAmqpMessage(message, { ...defaults, routingKey: failing });
    expect(act).toThrow(MessageRejectedError);
    expect(act).toThrow('no tenant');
    const notString = (() => 42) as unknown as () => string;
    expect(() => toAmqpMessage(message, { ...defaults, routingKey: notString })).toThrow(
      'returned number',
    );
  });
});
