import { describe, expect, it } from '@jest/globals';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import { sampleMessage } from '../transport/sample-message.fixture.js';
import { resolveNatsJetStreamPublisherOptions } from './nats-jetstream-publisher.options.js';
import { NatsJetStreamPublisher } from './nats-jetstream.publisher.js';

describe('NatsJetStreamPublisher options', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveNatsJetStreamPublisherOptions({ servers: 'nats://127.0.0.1:4222' });
    expect(resolved).toMatchObject({
      servers: ['nats://127.0.0.1:4222'],
      publishTimeoutMs: 10_000,
      connectTimeoutMs: 5_000,
    });
    expect(resolved.stream).toBeUndefined();
    expect(resolved.subject(sampleMessage({ destination: 'orders' }))).toBe('orders');
    expect(resolved.subject(sampleMessage({ destination: undefined }))).toBe(
      'orders.order-confirmed.v1',
    );
  });

  it('prefixes the default subject, and uses a custom subject function as is', () => {
    const prefixed = resolveNatsJetStreamPublisherOptions({
      servers: ['nats://a:4222', 'nats://b:4222'],
      subjectPrefix: 'app.',
      stream: { name: 'APP', subjects: ['app.>'] },
    });
    expect(prefixed.servers).toEqual(['nats://a:4222', 'nats://b:4222']);
    expect(prefixed.subject(sampleMessage({ destination: 'orders' }))).toBe('app.orders');
    expect(prefixed.stream).toEqual({ name: 'APP', subjects: ['app.>'] });
    const custom = resolveNatsJetStreamPublisherOptions({
      servers: 'nats://a:4222',
      subjectPrefix: 'ignored.',
      subject: (m) => `custom.${m.messageId}`,
    });
    const sent = sampleMessage({ destination: 'orders' });
    expect(custom.subject(sent)).toBe(`custom.${sent.messageId}`);
  });

  it('lists every invalid option in one ValidationError', () => {
    const build = () =>
      new NatsJetStreamPublisher({
        servers: [],
        subject: 'orders' as never,
        subjectPrefix: 1 as never,
        publishTimeoutMs: 0,
        connectTimeoutMs: 1.5,
        stream: { name: 'has.dot', subjects: [] },
      });
    expect(build).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    let issues: { path: string }[] = [];
    try {
      build();
    } catch (error) {
      issues = (error as { issues: { path: string }[] }).issues;
    }
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'connectTimeoutMs',
      'publishTimeoutMs',
      'servers',
      'stream.name',
      'stream.subjects',
      'subject',
      'subjectPrefix',
    ]);
  });

  it('rejects missing options and empty server URLs', () => {
    expect(() => resolveNatsJetStreamPublisherOptions(undefined as never)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => resolveNatsJetStreamPublisherOptions({ servers: '' })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'servers' })] }),
    );
  });

  it('closes idempotently before any connection; publishing after close is refused', async () => {
    const publisher = new NatsJetStreamPublisher({ servers: 'nats://127.0.0.1:1' });
    await expect(publisher.close()).resolves.toBeUndefined();
    await expect(publisher.close()).resolves.toBeUndefined();
    await expect(publisher.publish(sampleMessage())).rejects.toBeInstanceOf(BrokerUnavailableError);
  });
});
