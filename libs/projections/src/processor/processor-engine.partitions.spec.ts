import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@cqrs-ddd/core';
import {
  ControlledLocks,
  deferred,
  EngineFixture,
  eventually,
  FAST_OPTIONS,
  RecordingProcessor,
} from './processor-engine.fixture.js';
import { partitionOfStream } from './stream-partition.js';

const STREAMS = Array.from({ length: 12 }, (_, i) => `order-${i}`);

/** Appends `rounds` events to every stream, interleaved across streams. */
async function appendInterleaved(fixture: EngineFixture, rounds: number, from = 0): Promise<void> {
  for (let round = from; round < from + rounds; round++) {
    for (const stream of STREAMS) await fixture.append(stream, [`step-${round}`]);
  }
}

function countById(events: readonly StoredEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.eventId, (counts.get(event.eventId) ?? 0) + 1);
  return counts;
}

describe('ProcessorEngine partitions and leases', () => {
  let fixture: EngineFixture;

  beforeEach(() => {
    fixture = new EngineFixture();
  });

  afterEach(async () => {
    await fixture.stopAll();
  });

  it('splits streams over partitions and keeps each stream in order', async () => {
    await appendInterleaved(fixture, 4);
    const processor = new RecordingProcessor('split');
    const handle = fixture
      .engine()
      .register(processor, { ...FAST_OPTIONS, partitions: 3, batchSize: 7 });
    handle.start();
    await eventually(() => processor.handled.length === STREAMS.length * 4);

    processor.batches.forEach((batch, i) => {
      const partition = processor.contexts[i].partition;
      for (const event of batch) expect(partitionOfStream(event.streamId, 3)).toBe(partition);
    });
    for (const stream of STREAMS) {
      const versions = processor.handled
        .filter((event) => event.streamId === stream)
        .map((event) => event.streamVersion);
      expect(versions).toEqual([1, 2, 3, 4]);
    }
    const used = new Set(processor.contexts.map((context) => context.partition));
    expect(used).toEqual(new Set(STREAMS.map((stream) => partitionOfStream(stream, 3))));
    expect(used.size).toBeGreaterThan(1);

    // Each partition checkpoints over every event read, its own or not.
    const head = (await fixture.eventStore.headPosition())!;
    expect(await handle.waitUntilProcessed(head, { timeoutMs: 2_000 })).toBe(true);
    const status = await handle.status();
    expect(status.partitions.map((partition) => partition.checkpoint)).toEqual([head, head, head]);
    expect(status.partitions.every((partition) => partition.leaseHeld)).toBe(true);
  });

  it('handles each event exactly once across two instances, handing over on a graceful stop', async () => {
    const first = new RecordingProcessor('shared');
    const second = new RecordingProcessor('shared');
    const engineA = fixture.engine({ instanceId: 'instance-a' });
    const engineB = fixture.engine({ instanceId: 'instance-b' });
    const options = { ...FAST_OPTIONS, partitions: 4, batchSize: 5 };
    engineA.register(first, options);
    const handleB = engineB.register(second, options);
    engineA.startAll();
    engineB.startAll();

    await appendInterleaved(fixture, 3);
    await eventually(() => first.handled.length + second.handled.length >= STREAMS.length * 3);
    await engineA.stopAll();
    await appendInterleaved(fixture, 3, 3);
    const head = (await fixture.eventStore.headPosition())!;
    expect(await handleB.waitUntilProcessed(head, { timeoutMs: 3_000 })).toBe(true);

    const counts = countById([...first.handled, ...second.handled]);
    expect(counts.size).toBe(STREAMS.length * 6);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(second.handled.length).toBeGreaterThan(0);
    const owners = await Promise.all(
      [0, 1, 2, 3].map(
        async (partition) => (await fixture.checkpoints.load('shared', partition))?.owner,
      ),
    );
    expect(owners).toEqual(['instance-b', 'instance-b', 'instance-b', 'instance-b']);
  });

  it('takes over a partition whose owner died without releasing, once its lease expires', async () => {
    const crashingLocks = new ControlledLocks(fixture.locks);
    const engineA = fixture.engine({ locks: crashingLocks, instanceId: 'instance-a' });
    const engineB = fixture.engine({ instanceId: 'instance-b' });
    const first = new RecordingProcessor('takeover');
    const second = new RecordingProcessor('takeover');
    engineA.register(first, FAST_OPTIONS).start();
    await eventually(async () => (await engineA.get('takeover')!.status()).partitions[0].leaseHeld);
    const handleB = engineB.register(second, FAST_OPTIONS);
    handleB.start();
    await fixture.append('s', ['before']);
    await eventually(() => first.handled.length === 1);

    crashingLocks.releaseIgnored = true; // a crash: no release, no more renewals
    await engineA.stopAll();
    await fixture.append('s', ['after']);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect((await handleB.status()).partitions[0]).toMatchObject({
      state: 'standby',
      leaseHeld: false,
    });
    expect(second.handled).toHaveLength(0);

    await eventually(() => second.handled.length === 1, 3_000, 'the takeover');
    expect(second.handled[0].type).toBe('after');
    expect(first.handled.map((event) => event.type)).toEqual(['before']);
  });

  it('aborts the batch signal on a lost lease and does not commit the batch', async () => {
    const locks = new ControlledLocks(fixture.locks);
    const entered = deferred();
    let aborted = false;
    const processor = new RecordingProcessor('lost', undefined, async (_events, context) => {
      if (processor.calls > 1) return;
      entered.resolve();
      await new Promise<void>((resolve) =>
        context.signal.addEventListener('abort', () => resolve()),
      );
      aborted = context.signal.aborted;
    });
    const handle = fixture
      .engine({ locks })
      .register(processor, { ...FAST_OPTIONS, leaseTtlMs: 60 });
    handle.start();
    await fixture.append('s', ['x']);
    await entered.promise;

    locks.stolen = true;
    await eventually(() => aborted, 2_000, 'the abort');
    await eventually(async () => (await handle.status()).partitions[0].state === 'standby');
    expect(await fixture.checkpoints.load('lost')).toBeNull();
    expect(processor.handled).toHaveLength(1); // returned normally, yet not committed

    locks.stolen = false;
    await eventually(async () => (await fixture.checkpoints.load('lost'))?.position != null);
    expect(processor.calls).toBe(2);
  });
});
