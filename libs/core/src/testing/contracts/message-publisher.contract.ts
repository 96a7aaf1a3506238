import { describe, expect, it } from '@jest/globals';
import type { IntegrationMessage, MessagePublisher } from '../../ports/message-publisher.port.js';
import { uniqueName, useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';
import { pollUntil } from './contract-time.js';

/** What `describeMessagePublisherContract` needs per test: a publisher and ways to observe it. */
export interface MessagePublisherContractSubject extends ContractSubject<MessagePublisher> {
  /**
   * Every message the broker accepted since the subject was created, oldest first (e.g.
   * drained from a test queue bound to the destinations used). Without it, the delivery checks
   * shrink to "publish resolves".
   * @default undefined
   */
  readonly readBack?: () => Promise<readonly IntegrationMessage[]>;
  /**
   * Makes the next publish call fail as in a broker outage.
   * @default undefined (the failing step is left out)
   */
  readonly failNextPublish?: () => void | Promise<void>;
}

/** A valid message with a fresh id; `overrides` replace any field. */
function message(overrides: Partial<IntegrationMessage> = {}): IntegrationMessage {
  return {
    messageId: uniqueName('msg'),
    type: 'orders.order-confirmed.v1',
    destination: 'orders',
    payload: { orderId: 'order-1', total: 12.5, items: [{ sku: 'A-1', quantity: 2 }] },
    headers: { occurredAt: '2025-01-02T03:04:05.678Z', contentType: 'application/json' },
    ...overrides,
  };
}

/**
 * The behaviour every {@link MessagePublisher} adapter must have: messages arrive unchanged,
 * in order per key; a rejected publish is not delivered; input is validated.
 */
export function describeMessagePublisherContract(
  name: string,
  factory: ContractFactory<MessagePublisherContractSubject>,
): void {
  describe(`MessagePublisher contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const publisher = () => subject().adapter;
    const readBackAtLeast = async (count: number) => {
      const { readBack } = subject();
      if (!readBack) throw new Error('readBack is needed for this check');
      return pollUntil(readBack, (messages) => messages.length >= count);
    };
    const withReadBack = (title: string, test: () => Promise<void>) =>
      it(title, async () => {
        if (subject().readBack) await test();
        else await expect(publisher().publish(message())).resolves.toBeUndefined();
      });

    it('resolves publish and publishBatch for valid messages', async () => {
      await expect(publisher().publish(message())).resolves.toBeUndefined();
      await expect(publisher().publishBatch([message(), message()])).resolves.toBeUndefined();
      await expect(publisher().publishBatch([])).resolves.toBeUndefined();
    });

    const invalid: [string, Partial<IntegrationMessage>][] = [
      ['an empty messageId', { messageId: '' }],
      ['an empty type', { type: '' }],
      ['an empty destination', { destination: '' }],
      ['an empty key', { key: '' }],
      ['missing headers', { headers: undefined as never }],
      ['a missing contentType', { headers: { occurredAt: '2025-01-02T03:04:05.678Z' } as never }],
      ['an invalid occurredAt', { headers: { occurredAt: 'soon', contentType: 'text/plain' } }],
      [
        'a non-string header',
        {
          headers: {
            occurredAt: '2025-01-02T03:04:05.678Z',
            contentType: 'a/b',
            retries: 3 as never,
          },
        },
      ],
    ];
    it.each(invalid)('rejects %s with VALIDATION_FAILED', async (_, overrides) => {
      await expect(publisher().publish(message(overrides))).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(publisher().publishBatch([message(), message(overrides)])).rejects.toMatchObject(
        {
          code: 'VALIDATION_FAILED',
        },
      );
    });

    withReadBack(
      'delivers payload, type, destination, key and every header unchanged',
      async () => {
        const sent = message({
          key: 'order-1',
          headers: {
            occurredAt: '2025-01-02T03:04:05.678Z',
            contentType: 'application/json',
            tenantId: 'tenant-a',
            correlationId: 'corr-1',
            causationId: 'cause-1',
            traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
            'x-custom': 'Zoë → 東京',
          },
        });
        await publisher().publish(sent);
        expect(await readBackAtLeast(1)).toEqual([sent]);
      },
    );

    withReadBack('keeps the order of messages sharing a key', async () => {
      const keys = ['order-1', 'order-2', 'order-3'];
      const sent = Array.from({ length: 24 }, (_, i) =>
        message({ key: keys[i % 3], payload: { i } }),
      );
      for (const m of sent.slice(0, 12)) await publisher().publish(m);
      await publisher().publishBatch(sent.slice(12));
      const received = await readBackAtLeast(sent.length);
      for (const key of keys) {
        const ids = (list: readonly IntegrationMessage[]) =>
          list.filter((m) => m.key === key).map((m) => m.messageId);
        expect(ids(received)).toEqual(ids(sent));
      }
    });

    withReadBack('does not deliver a message whose publish was rejected', async () => {
      const { failNextPublish } = subject();
      const before = message({ key: 'k' });
      await publisher().publish(before);
      if (failNextPublish) {
        await failNextPublish();
        const lost = message({ key: 'k' });
        await expect(publisher().publish(lost)).rejects.toBeInstanceOf(Error);
      }
      const after = message({ key: 'k' });
      await publisher().publish(after);
      const received = await readBackAtLeast(2);
      expect(received.map((m) => m.messageId)).toEqual([before.messageId, after.messageId]);
    });

    withReadBack('does not deliver a message rejected as invalid', async () => {
      await expect(publisher().publish(message({ type: '' }))).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      const valid = message();
      await publisher().publish(valid);
      expect((await readBackAtLeast(1)).map((m) => m.messageId)).toEqual([valid.messageId]);
    });
  });
}
