import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  EventTypeRegistry,
  InMemoryUnitOfWork,
  SHARED_STORAGE_TARGET,
  type NewEvent,
  type StorageTarget,
  type StoredEvent,
} from '@cqrs-ddd/core';
import { FakeStorageTargets } from '@cqrs-ddd/core/testing';
import { EventStoreConfigurationError } from '../errors/event-store-configuration.error.js';
import type { EventStoreDriverInstance } from '../module/event-store-driver.js';
import { ORDER_EVENTS } from '../repository/order.fixture.js';
import { isEventStoreClosedError } from './event-store-closed.error.js';
import { createRoutedEventStoreDriver } from './routed-event-store.driver.js';
import type { TargetEventStoreDrivers } from './target-event-store.drivers.js';

const A: StorageTarget = { key: 'schema:tenant_a', tenantId: 'a', schema: 'tenant_a' };
const B: StorageTarget = { key: 'database:b', tenantId: 'b', connection: { name: 'b' } };
const event = (n: number): NewEvent => ({ type: 'test.happened', version: 1, data: { n } });

let targets: FakeStorageTargets;
let driver: EventStoreDriverInstance & { readonly targets: TargetEventStoreDrivers };

beforeEach(async () => {
  targets = new FakeStorageTargets();
  driver = await createRoutedEventStoreDriver(
    { driver: 'memory', events: ORDER_EVENTS },
    { registry: new EventTypeRegistry(ORDER_EVENTS) },
    targets,
  );
});
afterEach(async () => {
  await driver.close();
});

/** Lets scheduled promise callbacks and microtasks (wake-ups) run. */
const flushAsync = () => new Promise((resolve) => setImmediate(resolve));

/** Runs `fn` with `current()` answering `target`. */
async function on<T>(target: StorageTarget, fn: () => Promise<T>): Promise<T> {
  targets.use(target);
  try {
    return await fn();
  } finally {
    targets.use(undefined);
  }
}

async function collect(events: AsyncIterable<StoredEvent>): Promise<number[]> {
  const found: number[] = [];
  for await (const stored of events) found.push(stored.data.n as number);
  return found;
}

describe('RoutedEventStore', () => {
  it('appends made while current() is A are invisible through B and the shared target', async () => {
    const store = driver.eventStore;
    await on(A, () => store.append('s-1', [event(1), event(2)]));
    await on(B, () => store.append('s-1', [event(3)]));

    expect(await on(A, () => store.streamVersion('s-1'))).toBe(2);
    expect(await on(B, () => store.streamVersion('s-1'))).toBe(1);
    expect(await store.streamVersion('s-1')).toBe(0);
    expect((await on(A, () => store.readAll())).map((e) => e.data.n)).toEqual([1, 2]);
    expect((await on(B, () => store.readAll())).map((e) => e.data.n)).toEqual([3]);
    expect(await store.readAll()).toEqual([]);
    expect(await store.headPosition()).toBeNull();
    expect(await on(B, () => store.headPosition())).not.toBeNull();
    expect(await collect((await driver.targets.forTarget(A)).readStream('s-1'))).toEqual([1, 2]);
  });

  it('readStream reads the target current when it is called, not when it is iterated', async () => {
    await on(A, () => driver.eventStore.append('s-1', [event(1)]));
    await on(B, () => driver.eventStore.append('s-1', [event(2)]));

    targets.use(A);
    const ofA = driver.eventStore.readStream('s-1');
    targets.use(B);
    expect(await collect(ofA)).toEqual([1]);
    targets.use(undefined);
  });

  it('archives streams per target', async () => {
    await on(A, () => driver.eventStore.append('s-1', [event(1)]));
    await on(B, () => driver.eventStore.append('s-1', [event(2)]));
    await on(A, () => driver.eventStore.archiveStream('s-1'));

    await expect(on(A, () => collect(driver.eventStore.readStream('s-1')))).rejects.toThrow(
      /archived/,
    );
    expect(await on(B, () => collect(driver.eventStore.readStream('s-1')))).toEqual([2]);
  });

  it('subscribes to the current target; a target not used yet subscribes once created', async () => {
    const woken: string[] = [];
    targets.use(A);
    const stop = driver.eventStore.subscribe(() => woken.push('a'));
    const cancelled = driver.eventStore.subscribe(() => woken.push('cancelled'));
    cancelled();
    targets.use(undefined);
    driver.eventStore.subscribe(() => woken.push('shared'));
    await flushAsync();
    // The deferred subscription wakes its listener once, as it missed nothing it can tell.
    expect(woken).toEqual(['a']);

    woken.length = 0;
    await on(A, () => driver.eventStore.append('s-1', [event(1)]));
    await flushAsync();
    expect(woken).toEqual(['a']);

    woken.length = 0;
    await driver.eventStore.append('s-2', [event(2)]);
    await flushAsync();
    expect(woken).toEqual(['shared']);

    stop();
    woken.length = 0;
    await on(A, () => driver.eventStore.append('s-1', [event(3)]));
    await flushAsync();
    expect(woken).toEqual([]);
  });

  it('runs the append hooks of every target (one shared AppendHooks)', async () => {
    const seen: string[] = [];
    driver.appendHooks.register(async (events) => {
      seen.push(`${targets.current().key}:${events.map((e) => e.data.n).join(',')}`);
    });
    await on(A, () => driver.eventStore.append('s-1', [event(1)]));
    await on(B, () => driver.eventStore.append('s-1', [event(2)]));
    await driver.eventStore.append('s-1', [event(3)]);

    expect(seen).toEqual([`${A.key}:1`, `${B.key}:2`, 'shared:3']);
  });
});

describe('RoutedSnapshotStore', () => {
  it('keeps the snapshots of each target apart', async () => {
    const snapshot = {
      streamId: 's-1',
      type: 'Order',
      schemaVersion: 1,
      takenAt: new Date().toISOString(),
    };
    await on(A, () => driver.snapshotStore.save({ ...snapshot, version: 1, state: { of: 'a' } }));
    await on(B, () => driver.snapshotStore.save({ ...snapshot, version: 2, state: { of: 'b' } }));

    expect(await on(A, () => driver.snapshotStore.load('s-1'))).toMatchObject({
      state: { of: 'a' },
    });
    expect(await on(B, () => driver.snapshotStore.load('s-1'))).toMatchObject({
      state: { of: 'b' },
    });
    expect(await driver.snapshotStore.load('s-1')).toBeNull();
    await on(B, () => driver.snapshotStore.delete('s-1'));
    expect(await on(B, () => driver.snapshotStore.load('s-1'))).toBeNull();
    expect(await on(A, () => driver.snapshotStore.load('s-1'))).not.toBeNull();
  });
});

describe('RoutedUnitOfWork', () => {
  it("runs in the current target's unit; isActive answers for the current target", async () => {
    const unitOfWork = driver.unitOfWork;
    expect(await on(A, async () => unitOfWork.isActive())).toBe(false);

    const seen = await on(A, () =>
      unitOfWork.run(async () => {
        const inA = unitOfWork.isActive();
        targets.use(B);
        const inB = unitOfWork.isActive();
        targets.use(A);
        return { inA, inB };
      }),
    );

    expect(seen).toEqual({ inA: true, inB: false });
    const unitOf = async (target: StorageTarget) =>
      (await driver.targets.driverFor(target)).unitOfWork as InMemoryUnitOfWork;
    expect((await unitOf(A)).committed).toBe(1);
    expect((await unitOf(B)).committed).toBe(0);
    expect((await unitOf(SHARED_STORAGE_TARGET)).committed).toBe(0);
    await expect(
      on(B, () => unitOfWork.run(() => Promise.reject(new Error('no')))),
    ).rejects.toThrow('no');
    expect((await unitOf(B)).rolledBack).toBe(1);
  });
});

describe('TargetEventStoreDrivers', () => {
  it('creates one driver per target key, once, even for concurrent first uses', async () => {
    const drivers = driver.targets;
    expect(drivers.readyDriverFor(A)).toBeUndefined();
    const [first, second] = await Promise.all([drivers.driverFor(A), drivers.driverFor({ ...A })]);

    expect(first).toBe(second);
    expect(drivers.readyDriverFor(A)).toBe(first);
    expect(await drivers.forTarget(A)).toBe(first.eventStore);
    expect(await drivers.forTarget(B)).not.toBe(first.eventStore);
  });

  it('serves targets without a schema or connection of their own with the shared driver', async () => {
    const drivers = driver.targets;
    const tenantOnSharedTables: StorageTarget = { key: 'tenant:c', tenantId: 'c' };

    expect(await drivers.driverFor(SHARED_STORAGE_TARGET)).toBe(drivers.shared);
    expect(await drivers.driverFor(tenantOnSharedTables)).toBe(drivers.shared);
    expect(drivers.readyDriverFor(tenantOnSharedTables)).toBe(drivers.shared);
  });

  it('refuses to open a target after close, and closes the drivers it created', async () => {
    const created = await driver.targets.driverFor(A);
    let closed = 0;
    const close = created.close.bind(created);
    Object.assign(created, { close: () => ((closed += 1), close()) });

    await driver.close();

    expect(closed).toBe(1);
    const error = await driver.targets.driverFor(B).catch((e: unknown) => e);
    expect(isEventStoreClosedError(error)).toBe(true);
  });

  it('rejects a postgres database target whose connection is no MikroORM, and retries later', async () => {
    const { TargetEventStoreDrivers } = await import('./target-event-store.drivers.js');
    const drivers = new TargetEventStoreDrivers(
      { driver: 'postgres' },
      { registry: new EventTypeRegistry() },
      driver.targets.shared,
    );
    const first = drivers.driverFor(B);
    await expect(first).rejects.toThrow(EventStoreConfigurationError);
    const second = drivers.driverFor(B);
    expect(second).not.toBe(first);
    await expect(second).rejects.toThrow(/must be a MikroORM instance/);
    await drivers.close();
  });
});
