import { describe, expect, it } from '@jest/globals';
import { type IntegrationMessage, ValidationError } from '@cqrs-ddd/core';
import {
  type RabbitMqPublisherOptions,
  resolveRabbitMqPublisherOptions,
} from './rabbitmq-publisher.options.js';
import { RabbitMqPublisher } from './rabbitmq.publisher.js';

const url = 'amqp://guest:guest@127.0.0.1:5672';
const message: IntegrationMessage = {
  messageId: 'm-1',
  type: 'order.confirmed',
  payload: {},
  headers: { occurredAt: '2025-01-02T03:04:05.678Z', contentType: 'application/json' },
};

function issuesOf(options: RabbitMqPublisherOptions) {
  try {
    resolveRabbitMqPublisherOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((issue) => issue.path);
  }
  throw new Error('Expected the options to be rejected');
}

describe('resolveRabbitMqPublisherOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveRabbitMqPublisherOptions({ url });
    expect(resolved).toEqual({
      url,
      exchange: 'cqrs-ddd.events',
      exchangeType: 'topic',
      assertExchange: true,
      routingKey: expect.any(Function),
      confirmTimeoutMs: 10_000,
      connectTimeoutMs: 5_000,
    });
    expect(resolved.routingKey(message)).toBe('order.confirmed');
    expect(resolved.routingKey({ ...message, destination: 'orders' })).toBe('orders');
  });

  it('keeps every given option', () => {
    const routingKey = () => 'fixed';
    const options: RabbitMqPublisherOptions = {
      url: 'amqps://user:secret@broker.example:5671/vhost',
      exchange: 'orders',
      exchangeType: 'headers',
      assertExchange: false,
      routingKey,
      confirmTimeoutMs: 1,
      connectTimeoutMs: 2,
      connectionName: 'orders-relay',
      appId: 'orders-service',
    };
    expect(resolveRabbitMqPublisherOptions(options)).toEqual(options);
  });

  it('lists every invalid option at once', () => {
    const options = {
      url: 'http://127.0.0.1:5672',
      exchange: '',
      exchangeType: 'x-consistent-hash',
      assertExchange: 'yes',
      routingKey: 'orders',
      confirmTimeoutMs: 0,
      connectTimeoutMs: 1.5,
      connectionName: '',
      appId: 'a'.repeat(256),
    } as unknown as RabbitMqPublisherOptions;
    expect(issuesOf(options).sort()).toEqual(
      [
        'url',
        'exchange',
        'exchangeType',
        'assertExchange',
        'routingKey',
        'confirmTimeoutMs',
        'connectTimeoutMs',
        'connectionName',
        'appId',
      ].sort(),
    );
  });

  it.each([undefined, '', 'not a url', 'amqp://', 'redis://127.0.0.1:6379'])(
    'rejects the url %p',
    (bad) => {
      expect(issuesOf({ url: bad as string })).toEqual(['url']);
    },
  );

  it('rejects missing options', () => {
    expect(issuesOf(undefined as unknown as RabbitMqPublisherOptions)).toEqual(['']);
  });

  it('rejects timeouts beyond what timers support', () => {
    expect(issuesOf({ url, confirmTimeoutMs: 2 ** 31 })).toEqual(['confirmTimeoutMs']);
  });

  it('validates in the RabbitMqPublisher constructor, before any I/O', () => {
    expect(() => new RabbitMqPublisher({ url: '' })).toThrow(ValidationError);
  });
});
