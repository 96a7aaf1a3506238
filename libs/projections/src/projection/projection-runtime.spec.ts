import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { logPosition } from '@cqrs-ddd/core';
import { eventually } from '../processor/processor-engine.fixture.js';
import { OrderSummaryProjection } from './order-summary.fixture.js';
import { Projection } from './projection.decorator.js';
import { RuntimeFixture } from './projection-runtime.fixture.js';

/** The same projection, its code changed: version 2. */
@Projection({ name: 'order-summary', version: 2 })
class OrderSummaryV2 extends OrderSummaryProjection {}

describe('ProjectionRuntime', () => {
  let fixture: RuntimeFixture;

  beforeEach(() => {
    fixture = new RuntimeFixture();
  });

  afterEach(async () => {
    await fixture.stopAll();
  });

  it('projects into generation 1 and waits for stream versions and positions', async () => {
    const runtime = fixture.runtime();
    expect(() => runtime.activeCollection()).toThrow(/not started/);
    await expect(runtime.rebuild()).rejects.toMatchObject({ code: 'PROCESSOR_STATE' });
    await runtime.start();
    expect(runtime.activeCollection()).toBe('order_summary_g1');
    await expect(fixture.stateStore.get('order-summary')).resolves.toMatchObject({
      activeGeneration: 1,
      activeVersion: 1,
    });

    const appended = await fixture.appendOrder('o1', 2);
    expect(await runtime.waitFor({ streamId: 'o1', version: 3 }, 2_000)).toBe(true);
    expect(await fixture.documents('order_summary_g1')).toContainEqual(
      expect.objectContaining({ id: 'o1', total: 20, lines: 2 }),
    );
    expect(await runtime.waitFor(appended.position!, 2_000)).toBe(true);
    expect(await runtime.waitFor({ streamId: 'o1', version: 9 }, 2_000)).toBe(false);
    expect(await runtime.waitFor(logPosition(999_999, 999_999), 30)).toBe(false);
    await expect(runtime.waitFor({ streamId: '', version: 1 }, 10)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });

    const status = await runtime.status();
    expect(status).toMatchObject({
      name: 'order-summary',
      version: 1,
      activeCollection: 'order_summary_g1',
      active: { name: 'projection:order-summary:g1' },
    });
    expect(status.building).toBeUndefined();
  });

  it('rebuilds a new version into the next generation, switches, then drops the old one', async () => {
    const v1 = fixture.runtime();
    await v1.start();
    await fixture.appendOrder('o1', 1);
    await fixture.appendOrder('o2', 3, { cancelled: true });
    await v1.waitFor({ streamId: 'o2', version: 5 }, 2_000);
    await v1.stop();

    const engine = fixture.engines.engine();
    const v2 = fixture.runtime(new OrderSummaryV2(), {}, engine);
    await v2.start();
    await eventually(() => v2.activeCollection() === 'order_summary_g2', 3_000, 'the switch');
    await expect(fixture.stateStore.get('order-summary')).resolves.toMatchObject({
      activeGeneration: 2,
      activeVersion: 2,
    });
    expect(await fixture.documents('order_summary_g2')).toEqual(await fixture.freshReplay());
    expect(engine.get('projection:order-summary:g1')).toBeUndefined();
    expect(engine.get('projection:order-summary:g2')).toBeDefined();
    await eventually(
      async () => (await fixture.documents('order_summary_g1')).length === 0,
      3_000,
      'the drop of generation 1',
    );

    // The new generation keeps projecting.
    await fixture.appendOrder('o3', 1);
    expect(await v2.waitFor({ streamId: 'o3', version: 2 }, 2_000)).toBe(true);
    expect(await fixture.documents('order_summary_g2')).toContainEqual(
      expect.objectContaining({ id: 'o3', total: 10 }),
    );
  });

  it('switches at once when a rebuild has nothing to read', async () => {
    const runtime = fixture.runtime();
    await runtime.start();
    const state = await runtime.rebuild();
    expect(state.activeGeneration).toBe(2);
    expect(runtime.activeCollection()).toBe('order_summary_g2');
  });

  it('lets other instances follow a switch, and older code only read the newer generation', async () => {
    await fixture.appendOrder('o1', 2);
    const a = fixture.runtime();
    const b = fixture.runtime();
    await Promise.all([a.start(), b.start()]);
    await a.waitFor({ streamId: 'o1', version: 3 }, 2_000);

    const rebuilding = await a.rebuild();
    expect(rebuilding.buildingGeneration ?? rebuilding.activeGeneration).toBe(2);
    await eventually(() => b.activeCollection() === 'order_summary_g2', 3_000, 'b to follow');
    expect(a.activeCollection()).toBe('order_summary_g2');

    const newer = fixture.runtime(new OrderSummaryV2());
    await newer.start();
    await eventually(() => b.activeCollection() === 'order_summary_g3', 3_000, 'the upgrade');
    await expect(fixture.stateStore.get('order-summary')).resolves.toMatchObject({
      activeGeneration: 3,
      activeVersion: 2,
    });
    // Version-1 instances no longer process the version-2 generation, but still wait on it.
    const status = await b.status();
    expect(status.active?.partitions.every((p) => p.state === 'idle')).toBe(true);
    await fixture.appendItems('o1', 1);
    expect(await b.waitFor({ streamId: 'o1', version: 4 }, 2_000)).toBe(true);
    expect(await fixture.documents('order_summary_g3')).toEqual(await fixture.freshReplay());
  });

  it('drops pending old generations when stopped', async () => {
    await fixture.appendOrder('o1', 1);
    const runtime = fixture.runtime(undefined, { dropDelayMs: 600_000 });
    await runtime.start();
    await runtime.waitFor({ streamId: 'o1', version: 2 }, 2_000);
    await runtime.rebuild();
    await eventually(() => runtime.activeCollection() === 'order_summary_g2', 3_000, 'the switch');
    expect(await fixture.documents('order_summary_g1')).toHaveLength(2);
    await runtime.stop();
    expect(await fixture.documents('order_summary_g1')).toEqual([]);
    expect(await fixture.documents('order_summary_g2')).toHaveLength(2);
  });

  it('rejects invalid options', () => {
    expect(() => fixture.runtime(undefined, { stateRefreshMs: 0 })).toThrow(/stateRefreshMs/);
    expect(() => fixture.runtime(undefined, { dropDelayMs: -1 })).toThrow(/dropDelayMs/);
  });
});
