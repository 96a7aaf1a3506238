import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeClock } from '@cqrs-ddd/core/testing';
import { ValidationError } from '@cqrs-ddd/core';
import { ProcessorStateError } from '../errors/processor-state.error.js';
import {
  deferred,
  EngineFixture,
  eventually,
  FAST_OPTIONS,
  RecordingProcessor,
} from './processor-engine.fixture.js';

describe('ProcessorEngine pause, reset and status', () => {
  let fixture: EngineFixture;

  beforeEach(() => {
    fixture = new EngineFixture();
  });

  afterEach(async () => {
    await fixture.stopAll();
  });

  it('pauses after the running batch, keeps the lease, and resumes', async () => {
    const entered = deferred();
    const release = deferred();
    const processor = new RecordingProcessor('pause', undefined, async () => {
      if (processor.calls === 1) {
        entered.resolve();
        await release.promise;
      }
    });
    const handle = fixture.engine().register(processor, FAST_OPTIONS);
    handle.start();
    await fixture.append('a', ['one']);
    await entered.promise;

    const paused = handle.pause();
    release.resolve();
    await paused;
    expect(processor.handled).toHaveLength(1); // the running batch finished
    await fixture.append('a', ['two']);
    await eventually(async () => (await handle.status()).partitions[0].state === 'paused');
    expect((await handle.status()).partitions[0]).toMatchObject({
      leaseHeld: true,
      eventsBehind: 1,
    });
    expect(processor.handled).toHaveLength(1);

    handle.resume();
    await eventually(() => processor.handled.length === 2);
  });

  it('resets only while paused or stopped, then replays from the new position', async () => {
    const processor = new RecordingProcessor('reset');
    const handle = fixture.engine().register(processor, FAST_OPTIONS);
    handle.start();
    const first = await fixture.append('a', ['one']);
    await fixture.append('a', ['two']);
    await eventually(() => processor.handled.length === 2);

    await expect(handle.reset()).rejects.toThrow(ProcessorStateError);
    await handle.pause();
    await expect(handle.reset({ transactionId: 'x' } as never)).rejects.toThrow(ValidationError);
    await handle.reset(first.position);
    handle.resume();
    await eventually(() => processor.handled.length === 3);
    expect(processor.handled.map((event) => event.type)).toEqual(['one', 'two', 'two']);

    await handle.stop();
    await handle.reset();
    expect((await fixture.checkpoints.load('reset'))?.position).toBeNull();
    handle.start();
    await eventually(() => processor.handled.length === 5);
  });

  it('reports lag per partition: events and seconds behind, 0 once caught up', async () => {
    const clock = new FakeClock();
    fixture = new EngineFixture(clock);
    const handle = fixture
      .engine({ clock })
      .register(new RecordingProcessor('lag', { types: ['counted'] }), {
        ...FAST_OPTIONS,
        partitions: 2,
      });
    await fixture.append('s', ['ignored']);
    clock.advance(3_000);
    await fixture.append('s', ['counted', 'counted']);
    clock.advance(5_000);

    const before = await handle.status();
    expect(before.name).toBe('lag');
    expect(before.parked).toBe(0);
    for (const partition of before.partitions) {
      expect(partition).toMatchObject({
        state: 'idle',
        leaseHeld: false,
        checkpoint: null,
        eventsBehind: 3,
        secondsBehind: 5,
      });
    }

    handle.start();
    const head = (await fixture.eventStore.headPosition())!;
    expect(await handle.waitUntilProcessed(head, { timeoutMs: 2_000 })).toBe(true);
    const after = await handle.status();
    expect(
      after.partitions.map((partition) => [partition.eventsBehind, partition.secondsBehind]),
    ).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
