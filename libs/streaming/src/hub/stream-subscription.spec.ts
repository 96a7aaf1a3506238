import { describe, expect, it, afterEach } from '@jest/globals';
import { InMemoryEventStore, type LogCheckpoint, parseLogPosition } from '@cqrs-ddd/core';
import { Logger } from '@nestjs/common';
import { StreamClientTooSlowError } from '../errors/stream-client-too-slow.error.js';
import { LogTail } from '../log/log-tail.js';
import { defineEventStream, type StreamFrame } from '../stream/event-stream.definition.js';
import { StreamSubscription } from './stream-subscription.js';

const stream = defineEventStream({
  name: 'orders',
  eventTypes: ['order.created', 'order.confirmed'],
  map: (event) => ({ orderId: event.streamId, n: (event.data as { n: number }).n }),
});

const tails: LogTail[] = [];
afterEach(async () => {
  await Promise.all(tails.splice(0).map((tail) => tail.stop()));
});

function setUp(batchSize = 3) {
  const store = new InMemoryEventStore();
  const tail = new LogTail(
    store,
    { types: stream.eventTypes, batchSize, idlePollMs: 50 },
    new Logger('test'),
  );
  tails.push(tail);
  const append = (tenantId: string, n: number, type = 'order.created') =>
    store.append(`order-${n}`, [{ type, version: 1, data: { n }, metadata: { tenantId } }]);
  const subscribe = (after: LogCheckpoint | undefined, bufferLimit = 100, tenantId = 'a') => {
    const subscription = new StreamSubscription(
      { stream, tenantId, after, bufferLimit, batchSize },
      store,
      tail,
    );
    return subscription.start().then(() => subscription);
  };
  return { store, tail, append, subscribe };
}

/** Takes `count` frames from `subscription`. */
async function take(subscription: StreamSubscription, count: number): Promise<StreamFrame[]> {
  const frames: StreamFrame[] = [];
  while (frames.length < count) {
    const next = await subscription.next();
    if (next.done) break;
    frames.push(next.value);
  }
  return frames;
}

const numbers = (frames: StreamFrame[]) => frames.map((frame) => (frame.data as { n: number }).n);

describe('StreamSubscription', () => {
  it('sends only new events of its tenant and types, in log order, mapped, with positions as ids', async () => {
    const { append, subscribe } = setUp();
    await append('a', 0);
    const subscription = await subscribe(undefined);
    await append('a', 1);
    await append('b', 2);
    await append('a', 3, 'order.ignored');
    await append('a', 4, 'order.confirmed');
    const frames = await take(subscription, 2);
    expect(numbers(frames)).toEqual([1, 4]);
    expect(frames[1].type).toBe('order.confirmed');
    expect(parseLogPosition(frames[0].id)).toBeDefined();
    subscription.close();
    expect(await subscription.next()).toEqual({ value: undefined, done: true });
  });

  it('resumes after a position: catch-up from the log, then live, without gap or duplicate', async () => {
    const { append, subscribe } = setUp(2);
    const written = [];
    for (let n = 1; n <= 7; n += 1) written.push(await append(n % 3 === 0 ? 'b' : 'a', n));
    const after = written[1].position; // after event 2
    const subscription = await subscribe(after);
    // Appends while the catch-up runs, and after it.
    const more = (async () => {
      for (let n = 8; n <= 12; n += 1) await append('a', n);
    })();
    const frames = await take(subscription, 8);
    await more;
    expect(numbers(frames)).toEqual([4, 5, 7, 8, 9, 10, 11, 12]);
    expect(subscription.isLive).toBe(true);
    subscription.close();
  });

  it('resuming from an id past the tail is live at once and repeats nothing', async () => {
    const { append, subscribe } = setUp();
    await append('a', 1);
    const second = await append('a', 2);
    const subscription = await subscribe(second.position);
    await append('a', 3);
    expect(numbers(await take(subscription, 1))).toEqual([3]);
    subscription.close();
  });

  it('disconnects a client that lets more than bufferLimit events wait, with a reason', async () => {
    const { append, subscribe } = setUp(2);
    const subscription = await subscribe(undefined, 3);
    const failed = new Promise((resolve) => subscription.onClosed(resolve));
    for (let n = 1; n <= 5; n += 1) await append('a', n);
    await expect(failed).resolves.toBeInstanceOf(StreamClientTooSlowError);
    await expect(subscription.next()).rejects.toThrow(/Client too slow: more than 3 events/);
    expect(await subscription.next()).toEqual({ value: undefined, done: true });
  });

  it('never overflows during catch-up: it reads as fast as the client takes', async () => {
    const { append, subscribe } = setUp(2);
    for (let n = 1; n <= 10; n += 1) await append('a', n);
    const subscription = await subscribe(parseLogPosition('0:0'), 3);
    const frames = await take(subscription, 10);
    expect(numbers(frames)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(subscription.buffered).toBe(0);
    subscription.close();
  });

  it('ignores events of other tenants when counting the buffer', async () => {
    const { append, subscribe } = setUp(2);
    const subscription = await subscribe(undefined, 2);
    for (let n = 1; n <= 6; n += 1) await append('b', n);
    await append('a', 7);
    expect(numbers(await take(subscription, 1))).toEqual([7]);
    subscription.close();
  });
});
