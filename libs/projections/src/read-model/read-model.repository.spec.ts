import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { defineQuerySchema } from '@cqrs-ddd/core';
import { eventually } from '../processor/processor-engine.fixture.js';
import type { OrderSummary } from '../projection/order-summary.fixture.js';
import type { ProjectionRuntime } from '../projection/projection-runtime.js';
import { RuntimeFixture } from '../projection/projection-runtime.fixture.js';
import { ReadModelRepository } from './read-model.repository.js';

const querySchema = defineQuerySchema<OrderSummary>({
  fields: {
    kind: { type: 'string' },
    total: { type: 'number', sortable: true },
  },
});

describe('ReadModelRepository', () => {
  let fixture: RuntimeFixture;
  let runtime: ProjectionRuntime;
  let repository: ReadModelRepository<OrderSummary>;

  beforeEach(async () => {
    fixture = new RuntimeFixture();
    runtime = fixture.runtime();
    repository = new ReadModelRepository<OrderSummary>(runtime, { querySchema });
    await runtime.start();
    await fixture.appendOrder('o1', 1);
    await fixture.appendOrder('o2', 3);
    await fixture.appendOrder('o3', 2, { tenantId: 't2' });
    expect(await repository.waitFor((await fixture.eventStore.headPosition())!, 2_000)).toBe(true);
  });

  afterEach(async () => {
    await fixture.stopAll();
  });

  it("reads the current request's tenant only", async () => {
    await fixture.asTenant(async () => {
      await expect(repository.get('o1')).resolves.toMatchObject({ total: 10, lines: 1 });
      await expect(repository.count({ op: 'eq', field: 'kind', value: 'order' })).resolves.toBe(2);
      await expect(repository.get('o3')).resolves.toBeUndefined();
      const page = await repository.find({
        filter: { op: 'eq', field: 'kind', value: 'order' },
        sort: [{ field: 'total', direction: 'desc' }],
      });
      expect(page.items.map((order) => order.id)).toEqual(['o2', 'o1']);
    });
    await fixture.asTenant(async () => {
      await expect(repository.get('o3')).resolves.toMatchObject({ total: 20, lines: 2 });
      await expect(repository.get('o1')).resolves.toBeUndefined();
      await expect(repository.count()).resolves.toBe(2); // o3 and its customer's stats
    }, 't2');
  });

  it('needs a tenant in the request context', async () => {
    await expect(repository.get('o1')).rejects.toMatchObject({ code: 'MISSING_CONTEXT' });
    await expect(repository.find()).rejects.toMatchObject({ code: 'MISSING_CONTEXT' });
    await expect(fixture.asTenant(() => repository.count(), '')).rejects.toMatchObject({
      code: 'MISSING_CONTEXT',
    });
  });

  it('accepts raw query parameters within its schema only', async () => {
    const page = await fixture.asTenant(() =>
      repository.query({ filter: 'kind:eq:order,total:gt:15', sort: '-total' }),
    );
    expect(page.items.map((order) => order.id)).toEqual(['o2']);
    await expect(
      fixture.asTenant(() => repository.query({ filter: 'customerId:eq:c-o1' })),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(fixture.asTenant(() => repository.query({ sort: 'kind' }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });

    const unchecked = new ReadModelRepository<OrderSummary>(runtime);
    await expect(fixture.asTenant(() => unchecked.query({}))).rejects.toMatchObject({
      code: 'PROJECTIONS_CONFIGURATION',
    });
  });

  it('follows the switch to a rebuilt generation', async () => {
    await runtime.rebuild();
    await eventually(() => runtime.activeCollection() === 'order_summary_g2', 3_000, 'the switch');
    await fixture.asTenant(async () => {
      await expect(repository.get('o2')).resolves.toMatchObject({ total: 30, lines: 3 });
    });
    await fixture.appendItems('o2', 1);
    expect(await repository.waitFor({ streamId: 'o2', version: 5 }, 2_000)).toBe(true);
    await expect(fixture.asTenant(() => repository.get('o2'))).resolves.toMatchObject({ lines: 4 });
  });
});
