import { afterEach, describe, expect, it } from '@jest/globals';
import { compareLogPositions, type LogPosition, type StoredEvent } from '@cqrs-ddd/core';
import { FAST_OPTIONS, eventually } from '../processor/processor-engine.fixture.js';
import { ReadModelRepository } from '../read-model/read-model.repository.js';
import {
  ItemAdded,
  OrderCancelled,
  OrderCreated,
  type OrderSummary,
} from './order-summary.fixture.js';
import { RuntimeFixture, yieldToIo } from './projection-runtime.fixture.js';

/** Orders that must exist once every event up to `checkpoint` is applied, with their minimum lines. */
function expectedOrders(log: readonly StoredEvent[], checkpoint: LogPosition | null) {
  const orders = new Map<string, number>();
  for (const event of log) {
    if (compareLogPositions(event.position, checkpoint) > 0) break;
    if (event.type === OrderCreated.type) orders.set(event.streamId, 0);
    if (event.type === ItemAdded.type && orders.has(event.streamId)) {
      orders.set(event.streamId, orders.get(event.streamId)! + 1);
    }
    if (event.type === OrderCancelled.type) orders.delete(event.streamId);
  }
  return orders;
}

describe('projection rebuild, full cycle', () => {
  const fixture = new RuntimeFixture();

  afterEach(async () => {
    await fixture.stopAll();
  });

  it('rebuilds under concurrent appends without queries ever seeing a partial model', async () => {
    const runtime = fixture.runtime(undefined, { run: { ...FAST_OPTIONS, batchSize: 50 } });
    const repository = new ReadModelRepository<OrderSummary>(runtime);
    await runtime.start();
    for (let i = 1; i <= 150; i++) {
      await fixture.appendOrder(`o${i}`, i % 4, { cancelled: i % 9 === 0 });
    }
    expect(await runtime.waitFor((await fixture.eventStore.headPosition())!, 5_000)).toBe(true);

    let appending = true;
    const appender = (async () => {
      for (let n = 1; appending && n <= 400; n++) {
        await (n % 3 === 0
          ? fixture.appendOrder(`n${n}`, 1)
          : fixture.appendItems(`o${n % 150 || 1}`, 1));
        await yieldToIo();
      }
    })();

    let checking = true;
    let queriesDuringBuild = 0;
    const violations: string[] = [];
    const checker = (async () => {
      while (checking) {
        const { state, active } = await runtime.status();
        const checkpoint = active!.partitions[0].checkpoint;
        const log = await fixture.eventStore.readAll({ limit: 1_000_000 });
        const { items } = await fixture.asTenant(() =>
          repository.find({ filter: { op: 'eq', field: 'kind', value: 'order' } }),
        );
        const byId = new Map(items.map((order) => [order.id, order]));
        for (const [id, lines] of expectedOrders(log, checkpoint)) {
          const order = byId.get(id);
          if (!order || order.lines < lines || order.total !== order.lines * 10) {
            violations.push(`${id}: expected >= ${lines} lines, got ${JSON.stringify(order)}`);
          }
        }
        if (state.buildingGeneration !== undefined) queriesDuringBuild += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    try {
      const started = await runtime.rebuild();
      expect(started.buildingGeneration).toBe(2);
      await eventually(
        () => runtime.activeCollection() === 'order_summary_g2',
        10_000,
        'the switch',
      );
    } finally {
      appending = false;
      await appender;
      checking = false;
      await checker;
    }
    expect(await runtime.waitFor((await fixture.eventStore.headPosition())!, 5_000)).toBe(true);

    expect(violations).toEqual([]);
    expect(queriesDuringBuild).toBeGreaterThan(0);
    const fresh = await fixture.freshReplay();
    expect(fresh.length).toBeGreaterThan(200);
    expect(await fixture.documents('order_summary_g2')).toEqual(fresh);
    await expect(fixture.asTenant(() => repository.count())).resolves.toBe(fresh.length);
  }, 30_000);
});
