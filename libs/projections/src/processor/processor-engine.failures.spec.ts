import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InMemoryUnitOfWork } from '@cqrs-ddd/core';
import { ParkedEventNotFoundError } from '../errors/parked-event-not-found.error.js';
import { InMemoryParkedEventStore } from './in-memory-parked-event.store.js';
import {
  EngineFixture,
  eventually,
  FAST_OPTIONS,
  RecordingProcessor,
} from './processor-engine.fixture.js';
import type { ParkedEvent } from './parked-event-store.port.js';

class PoisonError extends Error {
  readonly code = 'POISON';
}

/** A processor that throws on events of type `bad` while `broken` is set. */
function poisonable(name: string) {
  const state = { broken: true };
  const processor = new RecordingProcessor(name, undefined, (events) => {
    if (state.broken && events.some((event) => event.type === 'bad')) {
      throw new PoisonError('cannot handle a bad event');
    }
  });
  return { processor, state };
}

const types = (events: readonly { type: string }[]) => events.map((event) => event.type);

describe('ProcessorEngine failure policy', () => {
  let fixture: EngineFixture;

  beforeEach(() => {
    fixture = new EngineFixture();
  });

  afterEach(async () => {
    await fixture.stopAll();
  });

  it('retries a failing batch with backoff until it succeeds', async () => {
    let failures = 2;
    const processor = new RecordingProcessor('transient', undefined, () => {
      if (failures-- > 0) throw new Error('database unavailable');
    });
    const handle = fixture.engine().register(processor, FAST_OPTIONS);
    handle.start();
    await fixture.append('a', ['one', 'two', 'three']);

    await eventually(() => processor.handled.length === 3);
    expect(types(processor.handled)).toEqual(['one', 'two', 'three']);
    expect(processor.calls).toBeGreaterThanOrEqual(5); // 2 failures, then one at a time
    const [partition] = (await handle.status()).partitions;
    expect(partition).toMatchObject({ state: 'running', eventsBehind: 0 });
    expect(partition.lastError).toBeUndefined();
    expect(await handle.listParked()).toEqual([]);
    const warnings = fixture.logger.lines.filter((line) => line.level === 'warn');
    expect(warnings.map((line) => line.message)).toEqual([
      expect.stringMatching(
        /3 event\(s\) after the log start failed: database unavailable; retrying in \d+ ms/,
      ),
      expect.stringMatching(/3 event\(s\) after the log start failed: database unavailable/),
    ]);
  });

  it('retries a batch whole, never isolating or parking, while its failure is transient', async () => {
    let failures = 6;
    const processor = Object.assign(
      new RecordingProcessor('outage', undefined, () => {
        if (failures-- > 0) throw new Error('broker unreachable');
      }),
      { isTransientFailure: (error: unknown) => String(error).includes('unreachable') },
    );
    const handle = fixture.engine().register(processor, {
      ...FAST_OPTIONS,
      retry: { ...FAST_OPTIONS.retry, maxAttempts: 1 },
    });
    handle.start();
    await fixture.append('a', ['one', 'two', 'three']);

    await eventually(() => processor.handled.length === 3);
    expect(processor.calls).toBe(7);
    expect(processor.batches.map(types)).toEqual([['one', 'two', 'three']]);
    expect(await handle.listParked()).toEqual([]);
  });

  it('shows a failing partition as retrying with its last error', async () => {
    const processor = new RecordingProcessor('failing', undefined, () => {
      throw new Error('boom');
    });
    const handle = fixture.engine().register(processor, {
      ...FAST_OPTIONS,
      retry: { maxAttempts: 1_000, initialDelayMs: 5, maxDelayMs: 20 },
    });
    handle.start();
    await fixture.append('a', ['one']);
    await eventually(async () => {
      const [partition] = (await handle.status()).partitions;
      return partition.state === 'retrying' && partition.lastError === 'boom';
    });
    await eventually(() => processor.calls >= 3);
    expect(processor.handled).toEqual([]);
    expect(await handle.listParked()).toEqual([]);
  });

  it('isolates and parks a poison event, goes on, and handles it when retried after a fix', async () => {
    const { processor, state } = poisonable('poison');
    const unitOfWork = new InMemoryUnitOfWork();
    const parkedInUnit: boolean[] = [];
    const parked = new (class extends InMemoryParkedEventStore {
      override async park(event: ParkedEvent): Promise<void> {
        parkedInUnit.push(unitOfWork.isActive());
        await super.park(event);
      }
    })();
    const handle = fixture.engine({ parked }).register(processor, {
      ...FAST_OPTIONS,
      unitOfWork,
      retry: { ...FAST_OPTIONS.retry, maxAttempts: 3 },
    });
    handle.start();
    await fixture.append('a', ['good-1']);
    const { events } = await fixture.append('b', ['bad']);
    await fixture.append('c', ['good-2']);

    await eventually(() => processor.handled.length === 2);
    const head = (await fixture.eventStore.headPosition())!;
    expect(await handle.waitUntilProcessed(head, { timeoutMs: 2_000 })).toBe(true);
    expect(types(processor.handled)).toEqual(['good-1', 'good-2']);
    const [entry] = await handle.listParked();
    expect(entry).toMatchObject({
      eventId: events[0].eventId,
      processorName: 'poison',
      partition: 0,
      streamId: 'b',
      streamVersion: 1,
      type: 'bad',
      position: events[0].position,
      attempts: 3,
      error: { message: 'cannot handle a bad event', code: 'POISON', name: 'Error' },
    });
    expect(parkedInUnit).toEqual([true]);
    expect((await handle.status()).parked).toBe(1);

    await expect(handle.retryParked(entry.eventId)).rejects.toThrow('cannot handle a bad event');
    expect(await handle.listParked()).toHaveLength(1);

    state.broken = false;
    await handle.retryParked(entry.eventId);
    expect(types(processor.handled)).toEqual(['good-1', 'good-2', 'bad']);
    expect(processor.contexts.at(-1)).toMatchObject({ processorName: 'poison', partition: 0 });
    expect(await handle.listParked()).toEqual([]);
    await expect(handle.retryParked(entry.eventId)).rejects.toThrow(ParkedEventNotFoundError);
  });

  it('skips a parked event', async () => {
    const { processor } = poisonable('skip');
    const handle = fixture.engine().register(processor, {
      ...FAST_OPTIONS,
      retry: { ...FAST_OPTIONS.retry, maxAttempts: 1 },
    });
    handle.start();
    const { events } = await fixture.append('b', ['bad']);
    await eventually(async () => (await handle.listParked()).length === 1);
    expect((await handle.listParked())[0].attempts).toBe(1);

    await handle.skipParked(events[0].eventId);
    expect(await handle.listParked()).toEqual([]);
    expect(processor.handled).toEqual([]);
    await expect(handle.skipParked(events[0].eventId)).rejects.toThrow(ParkedEventNotFoundError);
  });

  it('stops the partition under park-and-stop until its parked events are retried or skipped', async () => {
    const { processor, state } = poisonable('stop');
    const options = {
      ...FAST_OPTIONS,
      onPoison: 'park-and-stop',
      retry: { ...FAST_OPTIONS.retry, maxAttempts: 2 },
    } as const;
    const engine = fixture.engine();
    const handle = engine.register(processor, options);
    handle.start();
    const { events } = await fixture.append('a', ['bad', 'after-1']);
    await eventually(async () => (await handle.status()).partitions[0].state === 'stopped');
    await fixture.append('a', ['after-2']);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(processor.handled).toEqual([]);
    expect(fixture.logger.lines.some((line) => /stopped until/i.test(line.message))).toBe(true);

    // A restarted instance finds the parked event and stays stopped too.
    await engine.unregister('stop');
    const restarted = fixture.engine().register(processor, options);
    restarted.start();
    await eventually(async () => (await restarted.status()).partitions[0].state === 'stopped');
    expect(processor.handled).toEqual([]);

    state.broken = false;
    await restarted.retryParked(events[0].eventId);
    await eventually(() => processor.handled.length === 3);
    expect(types(processor.handled)).toEqual(['bad', 'after-1', 'after-2']);
    expect((await restarted.status()).partitions[0].state).toBe('running');
  });

  it('resumes a stopped partition after a skip', async () => {
    const { processor } = poisonable('stop-skip');
    const handle = fixture.engine().register(processor, {
      ...FAST_OPTIONS,
      onPoison: 'park-and-stop',
      retry: { ...FAST_OPTIONS.retry, maxAttempts: 1 },
    });
    handle.start();
    const { events } = await fixture.append('a', ['bad', 'after']);
    await eventually(async () => (await handle.status()).partitions[0].state === 'stopped');

    await handle.skipParked(events[0].eventId);
    await eventually(() => processor.handled.length === 1);
    expect(types(processor.handled)).toEqual(['after']);
  });
});
