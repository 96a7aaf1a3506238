import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { isValidationError, logPosition, ValidationError } from '@cqrs-ddd/core';
import { ProcessorNotFoundError } from '../errors/processor-not-found.error.js';
import { ProjectionsConfigurationError } from '../errors/projections-configuration.error.js';
import {
  deferred,
  EngineFixture,
  eventually,
  FAST_OPTIONS,
  RecordingProcessor,
} from './processor-engine.fixture.js';
import type { ProcessorProgress } from './processor-handle.js';

describe('ProcessorEngine', () => {
  let fixture: EngineFixture;

  beforeEach(() => {
    fixture = new EngineFixture();
  });

  afterEach(async () => {
    await fixture.stopAll();
  });

  it('reads the log in batches from its checkpoint and saves the checkpoint after each', async () => {
    for (let i = 0; i < 5; i++) await fixture.append(`order-${i}`, ['order.created']);
    const processor = new RecordingProcessor('batches');
    const engine = fixture.engine();
    engine.register(processor, { ...FAST_OPTIONS, batchSize: 2 });
    engine.startAll();

    await eventually(() => processor.handled.length === 5);
    expect(processor.batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    const head = await fixture.eventStore.headPosition();
    await eventually(async () => (await fixture.checkpoints.load('batches'))?.position !== null);
    expect((await fixture.checkpoints.load('batches'))?.position).toEqual(head);
    expect((await fixture.checkpoints.load('batches'))?.owner).toBe(engine.instanceId);
  });

  it('resumes from the stored checkpoint after a restart', async () => {
    await fixture.append('a', ['one', 'two']);
    const first = new RecordingProcessor('resume');
    const engine = fixture.engine();
    const handle = engine.register(first, FAST_OPTIONS);
    engine.startAll();
    await eventually(() => first.handled.length === 2);
    await engine.unregister('resume');
    expect(handle.options.batchSize).toBe(500);

    await fixture.append('a', ['three']);
    const second = new RecordingProcessor('resume');
    fixture.engine().register(second, FAST_OPTIONS).start();
    await eventually(() => second.handled.length === 1);
    expect(second.handled.map((event) => event.type)).toEqual(['three']);
  });

  it('wakes on the event store signal without polling', async () => {
    const processor = new RecordingProcessor('wake');
    const handle = fixture.engine().register(processor, { ...FAST_OPTIONS, idlePollMs: 600_000 });
    handle.start();
    await eventually(async () => (await handle.status()).partitions[0].state === 'running');

    await fixture.append('late', ['order.created']);
    await eventually(() => processor.handled.length === 1, 1_000, 'the commit signal');
  });

  it('hands only matching events to a filtered processor, which still advances to the head', async () => {
    await fixture.append('order-1', ['order.created'], { streamType: 'Order' });
    await fixture.append('order-1', ['order.unknown-thing'], { streamType: 'Order' });
    await fixture.append('user-1', ['user.created'], { streamType: 'User' });
    const processor = new RecordingProcessor('filtered', {
      types: ['order.created', 'user.created'],
      streamTypes: ['Order'],
    });
    const handle = fixture.engine().register(processor, FAST_OPTIONS);
    handle.start();

    const head = (await fixture.eventStore.headPosition())!;
    expect(await handle.waitUntilProcessed(head, { timeoutMs: 2_000 })).toBe(true);
    expect(processor.handled.map((event) => event.type)).toEqual(['order.created']);
    const [partition] = (await handle.status()).partitions;
    expect(partition.checkpoint).toEqual(head);
    expect(partition.eventsBehind).toBe(0);

    // Events it ignores still move its checkpoint.
    const ignored = await fixture.append('user-2', ['user.created'], { streamType: 'User' });
    expect(await handle.waitUntilProcessed(ignored.position!, { timeoutMs: 2_000 })).toBe(true);
    expect(processor.calls).toBe(1);
  });

  it('lets a graceful stop finish the running batch and save its checkpoint', async () => {
    await fixture.append('a', ['one']);
    const entered = deferred();
    const release = deferred();
    const processor = new RecordingProcessor('graceful', undefined, async () => {
      entered.resolve();
      await release.promise;
    });
    const handle = fixture.engine().register(processor, FAST_OPTIONS);
    handle.start();
    await entered.promise;

    const stopped = handle.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    release.resolve();
    await stopped;

    expect(processor.handled).toHaveLength(1);
    expect((await fixture.checkpoints.load('graceful'))?.position).toEqual(
      await fixture.eventStore.headPosition(),
    );
    const [partition] = (await handle.status()).partitions;
    expect(partition).toMatchObject({ state: 'idle', leaseHeld: false });
    // The lease is free again.
    expect(await fixture.locks.tryAcquire('processor:graceful:0', { ttlMs: 1_000 })).not.toBeNull();
  });

  it('waitUntilProcessed resolves true once processed and false on timeout', async () => {
    const handle = fixture.engine().register(new RecordingProcessor('wait'), FAST_OPTIONS);
    const { position } = await fixture.append('s', ['x']);

    expect(await handle.waitUntilProcessed(position!, { timeoutMs: 50 })).toBe(false);
    handle.start();
    expect(await handle.waitUntilProcessed(position!, { timeoutMs: 2_000, streamId: 's' })).toBe(
      true,
    );
    const future = logPosition(BigInt(position!.transactionId) + 10n, 1000);
    expect(await handle.waitUntilProcessed(future, { timeoutMs: 30 })).toBe(false);
    await expect(handle.waitUntilProcessed(position!, { timeoutMs: -1 })).rejects.toThrow(
      ValidationError,
    );
  });

  it('waitUntilProcessed sees progress made by another instance', async () => {
    const observer = fixture.engine().register(new RecordingProcessor('shared'), FAST_OPTIONS);
    fixture.engine().register(new RecordingProcessor('shared'), FAST_OPTIONS).start();
    const { position } = await fixture.append('s', ['x']);
    expect(await observer.waitUntilProcessed(position!, { timeoutMs: 2_000 })).toBe(true);
  });

  it('calls progress listeners after each saved checkpoint until unsubscribed', async () => {
    const handle = fixture.engine().register(new RecordingProcessor('progress'), FAST_OPTIONS);
    const seen: ProcessorProgress[] = [];
    const unsubscribe = handle.onProgress((progress) => seen.push(progress));
    handle.onProgress(() => {
      throw new Error('a faulty listener is ignored');
    });
    handle.start();
    const { position } = await fixture.append('s', ['x', 'y']);
    await eventually(() => seen.length === 1);
    expect(seen[0]).toEqual({ processorName: 'progress', partition: 0, position, handled: 2 });

    unsubscribe();
    await fixture.append('s', ['z']);
    await eventually(async () => (await handle.status()).partitions[0].eventsBehind === 0);
    expect(seen).toHaveLength(1);
  });

  it('registers, lists, starts with autoStart and unregisters processors', async () => {
    const engine = fixture.engine();
    const auto = engine.register(new RecordingProcessor('auto'), FAST_OPTIONS);
    const manual = engine.register(new RecordingProcessor('manual'), {
      ...FAST_OPTIONS,
      autoStart: false,
    });
    expect(engine.list()).toEqual([auto, manual]);
    expect(engine.get('manual')).toBe(manual);
    expect(() => engine.register(new RecordingProcessor('auto'))).toThrow(
      ProjectionsConfigurationError,
    );
    engine.startAll();
    const late = engine.register(new RecordingProcessor('late'), FAST_OPTIONS);
    await eventually(async () => (await auto.status()).partitions[0].leaseHeld);
    await eventually(async () => (await late.status()).partitions[0].leaseHeld);
    expect((await manual.status()).partitions[0].state).toBe('idle');

    await engine.unregister('auto');
    expect(engine.get('auto')).toBeUndefined();
    await expect(engine.unregister('auto')).rejects.toThrow(ProcessorNotFoundError);
  });

  it('rejects invalid processors, options and dependencies', () => {
    const engine = fixture.engine();
    expect(() => engine.register(new RecordingProcessor(''), { batchSize: 0 })).toThrow(
      /processor\.name.*batchSize/,
    );
    try {
      engine.register(new RecordingProcessor('bad'), {
        partitions: 0,
        leaseTtlMs: 1.5,
        retry: { maxAttempts: 0 },
        onPoison: 'explode' as never,
      });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(isValidationError(error)).toBe(true);
      expect((error as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toEqual([
        'partitions',
        'leaseTtlMs',
        'retry.maxAttempts',
        'onPoison',
      ]);
    }
    expect(() => fixture.engine({ locks: {} as never })).toThrow(/locks: must be a LockStrategy/);
  });
});
