import { describe, expect, it } from '@jest/globals';
import { InMemoryReadModelStore } from '../adapters/memory/in-memory-read-model-store.adapter.js';
import type { StoredEvent } from '../domain/event-envelope.js';
import { logPosition } from '../domain/log-position.js';
import { type ProjectionHandlerMap, projectionScenario } from './projection-scenario.js';

interface OrderSummary {
  id: string;
  customerId: string;
  status: string;
  itemCount: number;
}

const summaries: ProjectionHandlerMap<OrderSummary> = {
  async 'order.created'(event, { collection, at }) {
    const { customerId } = event.data as { customerId: string };
    await collection.upsert(
      { id: event.streamId, customerId, status: 'pending', itemCount: 0 },
      at,
    );
  },
  async 'order.item-added'(event, { collection, at }) {
    await collection.update(event.streamId, (d) => ({ ...d, itemCount: d.itemCount + 1 }), at);
  },
  async 'order.purged'(event, { collection, at }) {
    await collection.delete(event.streamId, at);
  },
};

const scenario = () => projectionScenario(summaries, { collection: 'order_summary' });
const created = (streamId: string, customerId = 'c1') => ({
  type: 'order.created',
  streamId,
  data: { customerId },
});
const itemAdded = (streamId: string) => ({ type: 'order.item-added', streamId });

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error('expected the scenario to fail');
  return error;
}

describe('projectionScenario', () => {
  it('applies the given events and checks a document', async () => {
    await scenario()
      .given(created('o1'), itemAdded('o1'), itemAdded('o1'))
      .thenDocument('o1', { id: 'o1', customerId: 'c1', status: 'pending', itemCount: 2 });
  });

  it('reports a mismatch with a readable diff', async () => {
    const error = await failureOf(
      scenario()
        .given(created('o1'))
        .thenDocument('o1', { id: 'o1', customerId: 'c1', status: 'confirmed', itemCount: 0 }),
    );
    expect(error.message).toMatch(
      /Document "o1" \(collection "order_summary", tenant "tenant-1"\)/,
    );
    expect(error.message).toMatch(/status: 'pending'/);
    expect(error.message).toMatch(/status: 'confirmed'/);
  });

  it('passes the collection to then(), and applies the events once', async () => {
    const run = scenario().given(created('o1'), itemAdded('o1'));
    await run.then(async (collection) => {
      await expect(collection.count()).resolves.toBe(1);
    });
    const collection = await run;
    await expect(collection.get('o1')).resolves.toEqual(expect.objectContaining({ itemCount: 1 }));
  });

  it('checks absence and the whole collection', async () => {
    const run = scenario().given(created('o1'), created('o2', 'c2'), {
      type: 'order.purged',
      streamId: 'o1',
    });
    await run.thenNoDocument('o1');
    await run.thenDocuments([{ id: 'o2', customerId: 'c2', status: 'pending', itemCount: 0 }]);
    const error = await failureOf(run.thenNoDocument('o2'));
    expect(error.message).toMatch(/Document "o2" \(expected none\)/);
    await expect(run.thenDocuments([])).rejects.toThrow(/The documents/);
  });

  it('confirms that position-aware handlers are idempotent', async () => {
    await scenario().given(created('o1'), itemAdded('o1'), itemAdded('o1')).thenIdempotent();
  });

  it('catches handlers that ignore the event position', async () => {
    let next = 100;
    const careless: ProjectionHandlerMap<OrderSummary> = {
      ...summaries,
      async 'order.item-added'(event, { collection }) {
        next += 1;
        const position = logPosition(next, next);
        await collection.update(event.streamId, (d) => ({ ...d, itemCount: d.itemCount + 1 }), {
          position,
        });
      },
    };
    const run = projectionScenario(careless, { collection: 'order_summary' }).given(
      created('o1'),
      itemAdded('o1'),
    );
    const error = await failureOf(run.thenIdempotent());
    expect(error.message).toMatch(/After redelivering every event/);
  });

  it('routes events to their tenant', async () => {
    const run = scenario().given(created('o1'), {
      ...created('o2'),
      metadata: { tenantId: 'tenant-2' },
    });
    await run.thenDocuments([{ id: 'o1', customerId: 'c1', status: 'pending', itemCount: 0 }]);
    const store = new InMemoryReadModelStore();
    await projectionScenario(summaries, {
      collection: 'order_summary',
      store,
      tenantId: 'tenant-2',
    })
      .given({ ...created('o2'), metadata: { tenantId: 'tenant-2' } }, created('o3'))
      .thenDocuments([
        { id: 'o2', customerId: 'c1', status: 'pending', itemCount: 0 },
        { id: 'o3', customerId: 'c1', status: 'pending', itemCount: 0 },
      ]);
    const otherTenant = store.collection('order_summary', { tenantId: 'tenant-1' });
    await expect(otherTenant.count()).resolves.toBe(0);
  });

  it('completes events with ids, stream versions, positions and the tenant', async () => {
    const seen: StoredEvent[] = [];
    const recorder: ProjectionHandlerMap<OrderSummary> = {
      'x.happened': (event) => void seen.push(event),
    };
    await projectionScenario(recorder, { collection: 'c', tenantId: 't' }).given(
      { type: 'x.happened', streamId: 'a' },
      { type: 'x.happened', streamId: 'b' },
      { type: 'x.happened', streamId: 'a', data: { n: 1 } },
    );
    expect(
      seen.map((e) => [e.eventId, e.streamId, e.streamVersion, e.position.globalPosition]),
    ).toEqual([
      ['event-1', 'a', 1, '1'],
      ['event-2', 'b', 1, '2'],
      ['event-3', 'a', 2, '3'],
    ]);
    expect(seen[2]).toEqual(
      expect.objectContaining({
        version: 1,
        data: { n: 1 },
        metadata: { tenantId: 't' },
        occurredAt: '2024-01-01T00:00:02.000Z',
      }),
    );
  });

  it('skips unhandled events unless told to fail on them', async () => {
    await scenario().given({ type: 'order.archived' }, created('o1')).thenNoDocument('o9');
    const strict = projectionScenario(summaries, {
      collection: 'order_summary',
      failOnUnhandledEvents: true,
    });
    await expect(
      strict.given(created('o1'), { type: 'order.archived' }).thenNoDocument('o9'),
    ).rejects.toThrow('No projection handler for event #2 of type "order.archived".');
  });

  it('names the event whose handler failed', async () => {
    const failing: ProjectionHandlerMap<OrderSummary> = {
      'order.created': () => {
        throw new Error('boom');
      },
    };
    const error = await failureOf(
      projectionScenario(failing, { collection: 'c' }).given(created('o7')).thenNoDocument('o7'),
    );
    expect(error.message).toBe(
      'Projection handler for "order.created" failed on event #1 (stream "o7"): boom',
    );
    expect((error.cause as Error).message).toBe('boom');
  });
});
