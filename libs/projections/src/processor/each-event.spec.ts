import { describe, expect, it } from '@jest/globals';
import {
  currentRequestContext,
  logPosition,
  type RequestContextState,
  type StoredEvent,
} from '@cqrs-ddd/core';
import { SequentialIdGenerator } from '@cqrs-ddd/core/testing';
import { eachEvent } from './each-event.js';
import type { ProcessorBatchContext } from './event-processor.js';

function storedEvent(eventId: string, metadata: StoredEvent['metadata']): StoredEvent {
  return {
    eventId,
    type: 'order.created',
    version: 1,
    streamId: 'order-1',
    streamVersion: 1,
    occurredAt: '2026-01-01T00:00:00.000Z',
    recordedAt: '2026-01-01T00:00:00.000Z',
    data: {},
    metadata,
    position: logPosition(1, 1),
  };
}

const context = (signal = new AbortController().signal): ProcessorBatchContext => ({
  processorName: 'p',
  partition: 0,
  partitions: 1,
  signal,
});

describe('eachEvent', () => {
  it('calls the handler per event inside the context restored from its metadata', async () => {
    const seen: (RequestContextState | undefined)[] = [];
    const handleBatch = eachEvent(
      (event, batch) => {
        expect(batch.processorName).toBe('p');
        seen.push(currentRequestContext());
        expect(event.eventId).toBe(currentRequestContext()?.messageId);
      },
      { ids: new SequentialIdGenerator() },
    );

    await handleBatch(
      [
        storedEvent('e1', {
          tenantId: 't1',
          correlationId: 'c1',
          causationId: 'cmd-1',
          actor: 'u1',
        }),
        storedEvent('e2', { tenantId: 't2' }),
      ],
      context(),
    );

    expect(seen).toEqual([
      { tenantId: 't1', correlationId: 'c1', causationId: 'cmd-1', messageId: 'e1', actorId: 'u1' },
      { tenantId: 't2', messageId: 'e2', correlationId: '00000000-0000-7000-8000-000000000001' },
    ]);
    expect(currentRequestContext()).toBeUndefined();
  });

  it('stops between events once the batch signal is aborted', async () => {
    const controller = new AbortController();
    const handled: string[] = [];
    const handleBatch = eachEvent((event) => {
      handled.push(event.eventId);
      controller.abort(new Error('lease lost'));
    });
    await expect(
      handleBatch([storedEvent('e1', {}), storedEvent('e2', {})], context(controller.signal)),
    ).rejects.toThrow('lease lost');
    expect(handled).toEqual(['e1']);
  });
});
