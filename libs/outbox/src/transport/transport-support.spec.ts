import { describe, expect, it } from '@jest/globals';
import type { IntegrationMessage } from '@cqrs-ddd/core';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import { WIRE_HEADERS } from '../message/wire-message.js';
import { encodeOrReject, endpointOf, withinTimeout } from './transport-support.js';

const message = (overrides: Partial<IntegrationMessage> = {}): IntegrationMessage => ({
  messageId: 'm-1',
  type: 'orders.order-confirmed.v1',
  payload: { total: 1 },
  headers: { occurredAt: '2025-01-02T03:04:05.678Z', contentType: 'application/json' },
  ...overrides,
});

describe('transport support', () => {
  it('withinTimeout settles like the promise, or rejects with the timeout error', async () => {
    await expect(withinTimeout(Promise.resolve(1), 1_000, () => new Error('late'))).resolves.toBe(
      1,
    );
    const never = new Promise<never>(() => undefined);
    await expect(withinTimeout(never, 5, () => new Error('late'))).rejects.toThrow('late');
  });

  it('encodes the wire message plus the key header when the message has a key', () => {
    const keyed = encodeOrReject(message({ key: 'order-1' }));
    expect(keyed.headers).toMatchObject({
      [WIRE_HEADERS.messageId]: 'm-1',
      [WIRE_HEADERS.key]: 'order-1',
    });
    expect(JSON.parse(keyed.body.toString())).toEqual({
      pattern: 'orders.order-confirmed.v1',
      data: { total: 1 },
    });
    expect(encodeOrReject(message()).headers).not.toHaveProperty(WIRE_HEADERS.key);
  });

  it('rejects a payload JSON cannot encode with MessageRejectedError naming the message', () => {
    expect(() => encodeOrReject(message({ payload: { big: 1n } }))).toThrow(
      expect.objectContaining({ code: MessageRejectedError.CODE, messageId: 'm-1' }),
    );
  });

  it('endpointOf keeps host and port and drops credentials', () => {
    expect(endpointOf('redis://user:secret@cache:6380/2')).toBe('cache:6380');
    expect(endpointOf('nats://token@127.0.0.1:4222')).toBe('127.0.0.1:4222');
    expect(endpointOf('127.0.0.1:4222')).toBe('127.0.0.1:4222');
    expect(endpointOf('://')).toBe('an invalid URL');
  });
});
