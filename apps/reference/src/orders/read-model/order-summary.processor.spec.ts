import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { formatLogPosition, type NewEvent, type ReadModelCollection } from '@cqrs-ddd/core';
import { Logger } from '@nestjs/common';
import { createOrdersTestApp, type OrdersTestApp } from '../../../test/support/orders-test-app.js';
import { ORDER_SUMMARY_COLLECTION, type OrderSummary } from './order-summary.js';
import { OrderSummaryProcessor } from './order-summary.processor.js';

const created = (customerId: string, tenantId?: string): NewEvent => ({
  type: 'order.created',
  version: 1,
  data: { customerId },
  metadata: tenantId ? { tenantId } : {},
});
const added = (productId: string, quantity: number, tenantId = 'dev'): NewEvent => ({
  type: 'order.item-added',
  version: 1,
  data: { productId, quantity, unitPriceCents: 100 },
  metadata: { tenantId },
});

describe('OrderSummaryProcessor (memory stores)', () => {
  let t: OrdersTestApp;
  const summaries = (tenantId = 'dev'): ReadModelCollection<OrderSummary> =>
    t.readModels.collection<OrderSummary>(ORDER_SUMMARY_COLLECTION, { tenantId });

  afterEach(async () => {
    await t?.close();
    jest.restoreAllMocks();
  });

  it('catches up with events written before it started, then follows new commits', async () => {
    t = await createOrdersTestApp({ processor: { autoStart: false } });
    await t.eventStore.append('o-1', [created('c-1', 'dev'), added('a', 2)]);
    t.processor.start();
    await t.caughtUp();
    expect(await summaries().get('o-1')).toMatchObject({ version: 2, itemCount: 2 });

    await t.eventStore.append('o-1', [added('b', 1)]);
    await t.caughtUp();
    expect(await summaries().get('o-1')).toMatchObject({ version: 3, itemCount: 3 });
    const checkpoint = await t.checkpoints.load(OrderSummaryProcessor.NAME);
    expect(checkpoint?.position).toEqual(t.processor.position);
  });

  it('resumes from its checkpoint after a restart, applying nothing twice', async () => {
    t = await createOrdersTestApp();
    await t.eventStore.append('o-1', [created('c-1', 'dev'), added('a', 2)]);
    await t.caughtUp();
    await t.processor.stop();
    expect(t.processor.isRunning).toBe(false);
    const stopped = t.processor.position!;

    await t.eventStore.append('o-1', [added('a', 3)]);
    expect(await summaries().get('o-1')).toMatchObject({ version: 2, itemCount: 2 });
    t.processor.start();
    await t.caughtUp();
    expect(await summaries().get('o-1')).toMatchObject({ version: 3, itemCount: 5 });
    expect(formatLogPosition(t.processor.position!)).not.toBe(formatLogPosition(stopped));
  });

  it('is idempotent by position: replaying the whole log changes nothing', async () => {
    t = await createOrdersTestApp();
    await t.eventStore.append('o-1', [created('c-1', 'dev'), added('a', 2), added('a', 1)]);
    await t.caughtUp();
    const before = await summaries().get('o-1');
    await t.processor.stop();
    await t.checkpoints.reset(OrderSummaryProcessor.NAME);
    t.processor.start();
    await t.caughtUp();
    expect(await summaries().get('o-1')).toEqual(before);
    expect(before).toMatchObject({ itemCount: 3, items: [{ productId: 'a', quantity: 3 }] });
  });

  it('keeps tenants apart, and projects tenant-less events under defaultTenantId', async () => {
    t = await createOrdersTestApp({ processor: { defaultTenantId: 'fallback' } });
    await t.eventStore.append('o-a', [created('c-a', 'tenant-a')]);
    await t.eventStore.append('o-b', [created('c-b', 'tenant-b')]);
    await t.eventStore.append('o-x', [created('c-x')]);
    await t.caughtUp();
    expect(await summaries('tenant-a').get('o-a')).toMatchObject({ customerId: 'c-a' });
    expect(await summaries('tenant-a').get('o-b')).toBeUndefined();
    expect(await summaries('tenant-b').get('o-b')).toMatchObject({ customerId: 'c-b' });
    expect(await summaries('fallback').get('o-x')).toMatchObject({ customerId: 'c-x' });
  });

  it('never guesses the tenant of an event without one: it stalls and logs why', async () => {
    const logged = new Promise<string>((resolve) =>
      jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
        resolve(String(message));
      }),
    );
    t = await createOrdersTestApp({ processor: { retryDelayMs: 60_000 } });
    await t.eventStore.append('o-x', [created('c-x')]);
    expect(await logged).toContain('defaultTenantId');
    expect(t.processor.position).toBeNull();
    expect(t.processor.isRunning).toBe(true);
  });

  it('retries a failing batch after a delay and then carries on', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    t = await createOrdersTestApp({ processor: { autoStart: false, retryDelayMs: 1 } });
    let failures = 1;
    intercept(t, async (write) => {
      if (failures-- > 0) throw new Error('database hiccup');
      return write();
    });
    await t.eventStore.append('o-1', [created('c-1', 'dev')]);
    t.processor.start();
    await t.caughtUp();
    expect(await summaries().get('o-1')).toMatchObject({ customerId: 'c-1' });
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0][0])).toContain('database hiccup');
  });

  it('writes each summary of a batch once, folding its events in memory', async () => {
    t = await createOrdersTestApp({ processor: { autoStart: false } });
    await t.eventStore.append('o-1', [created('c-1', 'dev'), added('a', 1), added('b', 2)]);
    await t.eventStore.append('o-2', [created('c-2', 'other'), added('a', 4, 'other')]);
    await t.eventStore.append('o-1', [added('a', 3)]);
    const written: string[] = [];
    intercept(t, (write, document) => {
      written.push(`upsert ${document.id}`);
      return write();
    });
    const open = t.readModels.collection.bind(t.readModels);
    t.readModels.collection = ((name, options) => {
      const collection = open(name, options);
      collection.update = (id) => Promise.resolve(written.push(`update ${id}`) < 0);
      return collection;
    }) as typeof t.readModels.collection;
    t.processor.start();
    await t.caughtUp();
    expect(written.sort()).toEqual(['upsert o-1', 'upsert o-2']);
    expect(await summaries().get('o-1')).toMatchObject({ version: 4, itemCount: 6 });
    expect(await summaries('other').get('o-2')).toMatchObject({ version: 2, itemCount: 4 });
    expect(await summaries('other').get('o-1')).toBeUndefined();
  });

  it('replays a whole batch of several tenants without changing anything', async () => {
    t = await createOrdersTestApp();
    await t.eventStore.append('o-1', [created('c-1', 'dev'), added('a', 2)]);
    await t.eventStore.append('o-2', [created('c-2', 'other'), added('b', 1, 'other')]);
    await t.caughtUp();
    const before = [await summaries().get('o-1'), await summaries('other').get('o-2')];
    await t.processor.stop();
    await t.checkpoints.reset(OrderSummaryProcessor.NAME);
    let changed = 0;
    intercept(t, async (write) => {
      const done = await write();
      if (done) changed += 1;
      return done;
    });
    t.processor.start();
    await t.caughtUp();
    expect(changed).toBe(0);
    expect([await summaries().get('o-1'), await summaries('other').get('o-2')]).toEqual(before);
  });

  it('redoes a batch cut short after its writes, before its checkpoint, counting nothing twice', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    t = await createOrdersTestApp({ processor: { autoStart: false, retryDelayMs: 1 } });
    const save = jest
      .spyOn(t.checkpoints, 'save')
      .mockRejectedValueOnce(new Error('crashed before the checkpoint'));
    await t.eventStore.append('o-1', [created('c-1', 'dev'), added('a', 2), added('a', 1)]);
    t.processor.start();
    await t.caughtUp();
    expect(save).toHaveBeenCalledTimes(2);
    expect(await summaries().get('o-1')).toMatchObject({
      version: 3,
      itemCount: 3,
      items: [{ productId: 'a', quantity: 3, unitPrice: 1 }],
    });
  });

  it('finishes the running batch when stopped', async () => {
    t = await createOrdersTestApp({ processor: { autoStart: false } });
    await t.eventStore.append('o-1', [created('c-1', 'dev')]);
    let entered: () => void = () => undefined;
    const writing = new Promise<void>((resolve) => (entered = resolve));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    intercept(t, async (write) => {
      entered();
      await gate;
      return write();
    });
    t.processor.start();
    await writing;
    let stopped = false;
    const stopping = t.processor.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await summaries().get('o-1')).toMatchObject({ customerId: 'c-1' });
    expect(await t.checkpoints.load(OrderSummaryProcessor.NAME)).toMatchObject({
      position: t.processor.position,
    });
  });
});

/** Routes every read-model upsert of the test app through `around`. */
function intercept(
  t: OrdersTestApp,
  around: (write: () => Promise<boolean>, document: OrderSummary) => Promise<boolean>,
): void {
  const open = t.readModels.collection.bind(t.readModels);
  t.readModels.collection = ((name, options) => {
    const collection = open(name, options);
    const upsert = collection.upsert.bind(collection);
    collection.upsert = (document, at) =>
      around(() => upsert(document, at), document as OrderSummary);
    return collection;
  }) as typeof t.readModels.collection;
}
