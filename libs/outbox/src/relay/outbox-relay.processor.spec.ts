import { afterEach, describe, expect, it } from '@jest/globals';
import {
  InMemoryCheckpointStore,
  InMemoryEventStore,
  InMemoryLockStrategy,
  InMemoryMessagePublisher,
  type IntegrationMessage,
  MessagePublisher,
} from '@cqrs-ddd/core';
import { pollUntil } from '@cqrs-ddd/core/testing';
import {
  HELD_BEHIND_PARKED_EVENT,
  InMemoryParkedEventStore,
  ProcessorEngine,
} from '@cqrs-ddd/projections';
import type { LoggerService } from '@nestjs/common';
import { MessageRejectedError } from '../errors/message-rejected.error.js';
import type { OutboxPublisherDefinition } from './outbox-publisher.definition.js';
import { OutboxRelayProcessor } from './outbox-relay.processor.js';

const FAST = {
  idlePollMs: 50,
  leaseTtlMs: 500,
  retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 5 },
} as const;

/** Refuses messages of the listed types for good, as a broker's negative confirm would. */
class RefusingPublisher extends MessagePublisher {
  readonly accepted: IntegrationMessage[] = [];
  constructor(private readonly refused: Set<string>) {
    super();
  }
  async publish(message: IntegrationMessage): Promise<void> {
    await this.publishBatch([message]);
  }
  async publishBatch(messages: readonly IntegrationMessage[]): Promise<void> {
    for (const message of messages) {
      if (this.refused.has(message.type)) {
        throw new MessageRejectedError(message.messageId, 'queue full');
      }
      this.accepted.push(message);
    }
  }
}

describe('OutboxRelayProcessor on the processor engine', () => {
  const eventStore = new InMemoryEventStore();
  const engines: ProcessorEngine[] = [];
  const quiet = () => undefined;
  const silent: LoggerService = { log: quiet, warn: quiet, error: quiet };

  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.stopAll()));
  });

  function relay(definition: OutboxPublisherDefinition) {
    const engine = new ProcessorEngine({
      eventStore,
      checkpoints: new InMemoryCheckpointStore(),
      locks: new InMemoryLockStrategy(),
      parked: new InMemoryParkedEventStore(),
      logger: silent,
    });
    engines.push(engine);
    const processor = new OutboxRelayProcessor(definition);
    const handle = engine.register(processor, FAST);
    engine.startAll();
    return { processor, handle };
  }

  async function append(streamId: string, types: string[], tenantId = 'acme') {
    return eventStore.append(
      streamId,
      types.map((type, i) => ({
        type,
        version: 1,
        data: { n: i },
        metadata: {
          tenantId,
          correlationId: `corr-${streamId}`,
          causationId: `cmd-${streamId}`,
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
      })),
      { streamType: 'Order' },
    );
  }

  it('publishes the selected events only, with the event id as message id and every header', async () => {
    const transport = new InMemoryMessagePublisher();
    const { handle } = relay({ name: 'a', select: { types: ['order.confirmed'] }, transport });
    const stream = `order-${Math.random()}`;
    const { position } = await append(stream, ['order.created', 'order.confirmed']);
    expect(await handle.waitUntilProcessed(position!, { timeoutMs: 3_000 })).toBe(true);

    const stored = [];
    for await (const event of eventStore.readStream(stream)) stored.push(event);
    const published = transport.published().filter((m) => m.key === stream);
    expect(published).toEqual([
      {
        messageId: stored[1].eventId,
        type: 'order.confirmed',
        destination: 'order.confirmed',
        key: stream,
        payload: { n: 1 },
        headers: {
          tenantId: 'acme',
          correlationId: `corr-${stream}`,
          causationId: `cmd-${stream}`,
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
          occurredAt: stored[1].occurredAt,
          contentType: 'application/json',
          'x-stream-id': stream,
          'x-stream-version': '2',
          'x-schema-version': '1',
        },
      },
    ]);
  });

  it('retries through a broker outage without parking, then delivers everything in order', async () => {
    const transport = new InMemoryMessagePublisher();
    transport.simulateOutage({ failures: 8 });
    const { handle, processor } = relay({
      name: 'b',
      select: { streamTypes: ['Order'] },
      transport,
    });
    const stream = `order-${Math.random()}`;
    const { position } = await append(stream, ['e1', 'e2', 'e3']);

    expect(await handle.waitUntilProcessed(position!, { timeoutMs: 5_000 })).toBe(true);
    const types = transport
      .published()
      .filter((m) => m.key === stream)
      .map((m) => m.type);
    expect(types).toEqual(['e1', 'e2', 'e3']);
    expect(await handle.listParked()).toEqual([]);
    expect(processor.metrics.snapshot()).toMatchObject({ failed: 8 });
    expect(processor.metrics.snapshot().published).toBeGreaterThanOrEqual(3);
  });

  it('parks a message the broker refuses for good, holds its stream behind it, and goes on with others', async () => {
    const transport = new RefusingPublisher(new Set(['bad']));
    const { handle } = relay({ name: 'c', select: { streamTypes: ['Order'] }, transport });
    const poisoned = `order-p-${Math.random()}`;
    const healthy = `order-h-${Math.random()}`;
    await append(poisoned, ['good-1', 'bad', 'good-2']);
    const { position } = await append(healthy, ['good-3']);

    expect(await handle.waitUntilProcessed(position!, { timeoutMs: 5_000 })).toBe(true);
    const parked = await handle.listParked();
    expect(parked.map((entry) => [entry.type, entry.error?.code])).toEqual([
      ['bad', 'OUTBOX_MESSAGE_REJECTED'],
      ['good-2', HELD_BEHIND_PARKED_EVENT],
    ]);
    expect(transport.accepted.map((m) => m.type)).toEqual(
      expect.arrayContaining(['good-1', 'good-3']),
    );
    expect(transport.accepted.map((m) => m.type)).not.toContain('good-2');
  });

  it('parks an event its mapping cannot handle, with the mapping error', async () => {
    const transport = new InMemoryMessagePublisher();
    const { handle } = relay({
      name: 'd',
      select: { types: ['odd'] },
      transport,
      map: () => {
        throw new Error('no mapping for odd');
      },
    });
    const { position } = await append(`s-${Math.random()}`, ['odd']);
    expect(await handle.waitUntilProcessed(position!, { timeoutMs: 3_000 })).toBe(true);
    const [entry] = await pollUntil(
      () => handle.listParked(),
      (list) => list.length === 1,
    );
    expect(entry.error).toMatchObject({ code: 'OUTBOX_MESSAGE_MAPPING_FAILED' });
    expect(entry.error?.message).toContain('no mapping for odd');
    expect(transport.published()).toEqual([]);
  });

  it('publishes what a custom mapping returns, and nothing for null', async () => {
    const transport = new InMemoryMessagePublisher();
    const { handle } = relay({
      name: 'e',
      select: { types: ['x', 'y'] },
      transport,
      destination: 'ignored-by-map',
      map: (event) =>
        event.type === 'y'
          ? null
          : {
              messageId: event.eventId,
              type: 'public.x.v1',
              payload: { id: event.streamId },
              headers: { occurredAt: event.occurredAt, contentType: 'application/json' },
            },
    });
    const stream = `s-${Math.random()}`;
    const { position } = await append(stream, ['x', 'y']);
    expect(await handle.waitUntilProcessed(position!, { timeoutMs: 3_000 })).toBe(true);
    expect(transport.published().map((m) => [m.type, m.payload])).toEqual([
      ['public.x.v1', { id: stream }],
    ]);
  });
});
