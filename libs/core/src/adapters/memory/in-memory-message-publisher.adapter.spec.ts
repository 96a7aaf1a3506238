import { describe, expect, it } from '@jest/globals';
import type { IntegrationMessage } from '../../ports/message-publisher.port.js';
import { describeMessagePublisherContract } from '../../testing/contracts/message-publisher.contract.js';
import { InMemoryMessagePublisher } from './in-memory-message-publisher.adapter.js';

describeMessagePublisherContract('InMemoryMessagePublisher', () => {
  const publisher = new InMemoryMessagePublisher();
  return {
    adapter: publisher,
    readBack: async () => publisher.published(),
    failNextPublish: () => publisher.simulateOutage({ failures: 1 }),
  };
});

const message = (messageId: string): IntegrationMessage => ({
  messageId,
  type: 'test.sent',
  payload: { nested: { value: messageId } },
  headers: { occurredAt: '2025-01-01T00:00:00.000Z', contentType: 'application/json' },
});

describe('InMemoryMessagePublisher', () => {
  it('fails every call during an outage until endOutage, recording nothing', async () => {
    const publisher = new InMemoryMessagePublisher();
    publisher.simulateOutage();
    await expect(publisher.publish(message('a'))).rejects.toThrow('broker unavailable');
    await expect(publisher.publishBatch([message('b'), message('c')])).rejects.toThrow();
    expect(publisher.published()).toEqual([]);
    publisher.endOutage();
    await publisher.publishBatch([message('d'), message('e')]);
    expect(publisher.published().map((m) => m.messageId)).toEqual(['d', 'e']);
  });

  it('recovers by itself after the given number of failed calls, with the given error', async () => {
    const publisher = new InMemoryMessagePublisher();
    const error = new Error('connection reset');
    publisher.simulateOutage({ failures: 2, error });
    await expect(publisher.publish(message('a'))).rejects.toBe(error);
    await expect(publisher.publish(message('b'))).rejects.toBe(error);
    await publisher.publish(message('c'));
    expect(publisher.published().map((m) => m.messageId)).toEqual(['c']);
    expect(() => publisher.simulateOutage({ failures: 0 })).toThrow(RangeError);
  });

  it('hands out copies and forgets everything on clear', async () => {
    const publisher = new InMemoryMessagePublisher();
    const sent = message('a');
    await publisher.publish(sent);
    (sent.payload as { nested: { value: string } }).nested.value = 'changed';
    (publisher.published()[0].payload as { nested: { value: string } }).nested.value = 'changed';
    expect(publisher.published()[0].payload).toEqual({ nested: { value: 'a' } });
    publisher.clear();
    expect(publisher.published()).toEqual([]);
  });
});
