import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ProcessorStateError } from '../errors/processor-state.error.js';
import { InMemoryProcessorSuspensionStore } from './in-memory-processor-suspension.store.js';
import {
  deferred,
  EngineFixture,
  eventually,
  FAST_OPTIONS,
  RecordingProcessor,
} from './processor-engine.fixture.js';
import type { ProcessorHandle } from './processor-handle.js';

/** Idle workers re-check their suspension this often (other instances' suspend/unsuspend). */
const OPTIONS = { ...FAST_OPTIONS, idlePollMs: 20 };

/** Counts reads, so a test knows the workers checked again (without sleeping). */
class CountingSuspensions extends InMemoryProcessorSuspensionStore {
  reads = 0;

  override isSuspended(processorName: string): Promise<boolean> {
    this.reads += 1;
    return super.isSuspended(processorName);
  }
}

describe('ProcessorEngine suspend (memory coordination)', () => {
  let fixture: EngineFixture;
  let suspensions: CountingSuspensions;

  beforeEach(() => {
    fixture = new EngineFixture();
    suspensions = new CountingSuspensions();
  });

  afterEach(async () => {
    await fixture.stopAll();
  });

  /** An instance running processor `name`. */
  function instance(name: string) {
    const processor = new RecordingProcessor(name);
    const engine = fixture.engine({ suspensions });
    const handle = engine.register(processor, OPTIONS);
    handle.start();
    return { engine, processor, handle };
  }

  const states = async (handle: ProcessorHandle) =>
    (await handle.status()).partitions.map((partition) => partition.state);

  /** Resolves after the suspension was read `times` more times (workers looped again). */
  const checkedAgain = async (times = 3) => {
    const target = suspensions.reads + times;
    await eventually(() => suspensions.reads >= target);
  };

  it('suspends every instance: the lease holder stops, nothing is processed until unsuspend', async () => {
    const a = instance('orders');
    const b = instance('orders');
    await fixture.append('s1', ['one']);
    await eventually(() => a.processor.handled.length + b.processor.handled.length === 1);
    const holder = (await a.handle.status()).partitions[0].leaseHeld ? a : b;
    const other = holder === a ? b : a;

    await other.handle.suspend(); // asked on the instance that does not process
    await eventually(async () => (await states(holder.handle))[0] === 'suspended');
    await fixture.append('s1', ['two']);
    await checkedAgain();
    const status = await holder.handle.status();
    expect(status).toMatchObject({ suspended: true });
    expect(status.partitions[0]).toMatchObject({ state: 'suspended', leaseHeld: false });
    expect(status.partitions[0].eventsBehind).toBeGreaterThan(0);
    expect(a.processor.handled.length + b.processor.handled.length).toBe(1);

    await other.handle.unsuspend();
    await eventually(() => a.processor.handled.length + b.processor.handled.length === 2);
    expect((await holder.handle.status()).suspended).toBe(false);
  });

  it('finishes the running batch first, and a restarted instance starts suspended', async () => {
    const entered = deferred();
    const release = deferred();
    const processor = new RecordingProcessor('slow', undefined, async () => {
      if (processor.calls === 1) {
        entered.resolve();
        await release.promise;
      }
    });
    const first = fixture.engine({ suspensions });
    first.register(processor, OPTIONS).start();
    await fixture.append('s1', ['one']);
    await entered.promise;
    const suspended = first.get('slow')!.suspend();
    release.resolve();
    await suspended;
    expect(processor.handled).toHaveLength(1);
    await first.stopAll();

    const restarted = instance('slow');
    await fixture.append('s1', ['two']);
    await eventually(async () => (await states(restarted.handle))[0] === 'suspended');
    await checkedAgain();
    expect(restarted.processor.handled).toHaveLength(0);
    await restarted.handle.unsuspend();
    await eventually(() => restarted.processor.handled.length === 1);
    expect(restarted.processor.handled[0].type).toBe('two');
  });

  it('resets while suspended (under the leases), then replays from the new checkpoint', async () => {
    const a = instance('replayed');
    const b = instance('replayed');
    const first = await fixture.append('s1', ['one']);
    await fixture.append('s1', ['two']);
    await eventually(() => a.processor.handled.length + b.processor.handled.length === 2);

    await expect(a.handle.reset()).rejects.toThrow(ProcessorStateError); // running, not suspended
    await a.handle.suspend();
    await a.handle.reset(first.position); // b may still hold the lease: the reset waits for it
    expect((await fixture.checkpoints.load('replayed'))?.position).toEqual(first.position);
    await a.handle.unsuspend();
    await eventually(() => a.processor.handled.length + b.processor.handled.length === 3);
    const replayed = [...a.processor.handled, ...b.processor.handled].map((event) => event.type);
    expect(replayed.sort()).toEqual(['one', 'two', 'two']);
  });

  it('waits for a running batch of another instance: its checkpoint save never overwrites the reset', async () => {
    const entered = deferred();
    const release = deferred();
    const processor = new RecordingProcessor('raced', undefined, async () => {
      if (processor.calls === 1) {
        entered.resolve();
        await release.promise;
      }
    });
    fixture.engine({ suspensions }).register(processor, OPTIONS).start();
    const asker = fixture
      .engine({ suspensions })
      .register(new RecordingProcessor('raced'), { ...OPTIONS, autoStart: false });
    await fixture.append('s1', ['one']);
    await entered.promise; // a batch read from the log start is running on the other instance

    await asker.suspend();
    const reset = asker.reset(); // to the log start: the very checkpoint that batch expects
    release.resolve();
    await reset;
    expect((await fixture.checkpoints.load('raced'))?.position ?? null).toBeNull();
    await asker.unsuspend();
    await eventually(() => processor.handled.length === 2); // replayed from the log start
  });

  it('refuses a reset while another instance processes (not suspended)', async () => {
    const running = instance('elsewhere');
    await fixture.append('s1', ['one']);
    await eventually(() => running.processor.handled.length === 1);
    const idle = fixture
      .engine({ suspensions })
      .register(new RecordingProcessor('elsewhere'), OPTIONS);
    await expect(idle.reset()).rejects.toThrow(/runs on another instance/);

    await running.handle.stop(); // leases released: a stopped processor resets at once
    await idle.reset();
    expect((await fixture.checkpoints.load('elsewhere'))?.position).toBeNull();
  });
});
