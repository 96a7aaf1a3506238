import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore } from '@cqrs-ddd/event-store';
import {
  createEventStoreTestSchema,
  createTestOrm,
  type EventStoreTestSchema,
} from '@cqrs-ddd/event-store/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createProcessorStores } from '../module/processor-stores.js';
import { PostgresProcessorSuspensionStore } from '../postgres/postgres-processor-suspension.store.js';
import {
  eventually,
  FAST_OPTIONS,
  RecordingLogger,
  RecordingProcessor,
} from '../processor/processor-engine.fixture.js';
import type { ProcessorHandle } from '../processor/processor-handle.js';
import { ProcessorEngine } from '../processor/processor-engine.js';
import {
  createProjectionsTestSchema,
  type ProjectionsTestSchema,
} from '../testing/projections-test-schema.js';

/** Idle workers re-check their suspension this often. */
const OPTIONS = { ...FAST_OPTIONS, idlePollMs: 50, leaseTtlMs: 1_000, leaseRetryMs: 50 };
const NAME = 'suspended-orders';

/** Counts reads, so the test knows an instance's workers checked again (without sleeping). */
class CountingSuspensions extends PostgresProcessorSuspensionStore {
  reads = 0;

  override isSuspended(processorName: string): Promise<boolean> {
    this.reads += 1;
    return super.isSuspended(processorName);
  }
}

/** One application instance: its own connection pool, engine and processor. */
interface Instance {
  readonly engine: ProcessorEngine;
  readonly processor: RecordingProcessor;
  readonly handle: ProcessorHandle;
  readonly suspensions: CountingSuspensions;
}

describe('durable suspension across instances (PostgreSQL coordination)', () => {
  const orms: MikroORM[] = [];
  const eventStores: PostgresEventStore[] = [];
  const engines: ProcessorEngine[] = [];
  let eventStoreSchema: EventStoreTestSchema;
  let projectionsSchema: ProjectionsTestSchema;
  let writer: PostgresEventStore;

  beforeAll(async () => {
    const orm = await createTestOrm();
    orms.push(orm);
    eventStoreSchema = await createEventStoreTestSchema(orm);
    projectionsSchema = await createProjectionsTestSchema(orm);
    writer = eventStoreOn(orm);
  });

  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.stopAll()));
    for (const store of eventStores) await store.close();
    await projectionsSchema?.drop();
    await eventStoreSchema?.drop();
    for (const orm of orms) await orm.close();
  });

  function eventStoreOn(orm: MikroORM): PostgresEventStore {
    const store = new PostgresEventStore(orm.em, {
      schema: eventStoreSchema.schema,
      notifications: false,
      pollIntervalMs: 50,
    });
    eventStores.push(store);
    return store;
  }

  async function instance(): Promise<Instance> {
    const orm = await createTestOrm();
    orms.push(orm);
    const { schema } = projectionsSchema;
    const suspensions = new CountingSuspensions(orm.em, { schema });
    const engine = new ProcessorEngine({
      eventStore: eventStoreOn(orm),
      ...createProcessorStores('postgres', { em: orm.em, schema }),
      suspensions,
      logger: new RecordingLogger(),
    });
    engines.push(engine);
    const processor = new RecordingProcessor(NAME);
    const handle = engine.register(processor, OPTIONS);
    handle.start();
    return { engine, processor, handle, suspensions };
  }

  const append = (type: string) =>
    writer.append('order-1', [{ type, version: 1, data: {} }], { expectedVersion: 'any' });

  const handledBy = (...instances: Instance[]) =>
    instances.flatMap(({ processor }) => processor.handled.map((event) => event.type));

  /** Resolves once `instance` is suspended and its workers checked again after that. */
  async function settledSuspended({ handle, suspensions }: Instance): Promise<void> {
    await eventually(
      async () => (await handle.status()).partitions[0].state === 'suspended',
      5_000,
      'the instance to notice the suspension',
    );
    const target = suspensions.reads + 3;
    await eventually(() => suspensions.reads >= target, 5_000, 'more suspension checks');
  }

  /**
   * Resolves once `instance` sees at least `count` events behind: appended events become
   * readable once no older transaction of the server is open (gap-safe reads).
   */
  async function behindAtLeast({ handle }: Instance, count: number): Promise<void> {
    await eventually(
      async () => (await handle.status()).partitions[0].eventsBehind >= count,
      10_000,
      'the appended events to be readable',
    );
  }

  it('suspends on A stops B; unsuspend resumes; suspension survives a restart; reset while suspended replays', async () => {
    const a = await instance();
    const b = await instance();
    const first = await append('one');
    await eventually(() => handledBy(a, b).length === 1, 5_000, 'the first event');
    const bHolds = (await b.handle.status()).partitions[0].leaseHeld;
    const [asker, holder] = bHolds ? [a, b] : [b, a];

    // Suspend on the instance that does not process: the lease holder stops.
    await asker.handle.suspend();
    await settledSuspended(holder);
    await append('two');
    await append('three');
    await behindAtLeast(holder, 2);
    await settledSuspended(holder);
    await settledSuspended(asker);
    expect(handledBy(a, b)).toEqual(['one']);
    const status = await holder.handle.status();
    expect(status.suspended).toBe(true);
    expect(status.partitions[0]).toMatchObject({ state: 'suspended', leaseHeld: false });
    expect(status.partitions[0].eventsBehind).toBeGreaterThanOrEqual(2);

    // Unsuspend (on the other instance this time): processing resumes.
    await holder.handle.unsuspend();
    await eventually(() => handledBy(a, b).length === 3, 5_000, 'the resumed events');
    expect((await a.handle.status()).suspended).toBe(false);

    // Suspend, restart both instances: the new ones start suspended.
    await a.handle.suspend();
    await Promise.all([a.engine.stopAll(), b.engine.stopAll()]);
    const c = await instance();
    const d = await instance();
    await append('four');
    await behindAtLeast(c, 1);
    await settledSuspended(c);
    await settledSuspended(d);
    expect(handledBy(c, d)).toEqual([]);

    // Reset while suspended (allowed while running here), then unsuspend: replays after `first`.
    await c.handle.reset(first.position);
    expect((await c.handle.status()).partitions[0].checkpoint).toEqual(first.position);
    await d.handle.unsuspend();
    await eventually(() => handledBy(c, d).length === 3, 5_000, 'the replayed events');
    expect(handledBy(c, d).sort()).toEqual(['four', 'three', 'two']);
  }, 30_000);
});
