import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { InMemoryEventStore } from '@cqrs-ddd/core';
import { waitForStreamVersion } from './wait-for-stream-version.js';

const event = { type: 'thing.happened', version: 1, data: {} };

function options(timeoutMs = 60_000) {
  const controller = new AbortController();
  return { controller, options: { signal: controller.signal, timeoutMs } };
}

describe('waitForStreamVersion', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('resolves true at once when the stream already reached the version', async () => {
    const store = new InMemoryEventStore();
    await store.append('s-1', [event, event]);
    await expect(waitForStreamVersion(store, 's-1', 2, options().options)).resolves.toBe(true);
  });

  it('waits for the commits that bring the stream to the version', async () => {
    const store = new InMemoryEventStore();
    let done = false;
    const waiting = waitForStreamVersion(store, 's-1', 2, options().options).then((result) => {
      done = true;
      return result;
    });
    await store.append('s-1', [event]);
    await store.append('other', [event]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);

    await store.append('s-1', [event]);

    await expect(waiting).resolves.toBe(true);
  });

  it('when aborted, checks once more and stops waiting', async () => {
    const store = new InMemoryEventStore();
    const { controller, options: opts } = options();
    const waiting = waitForStreamVersion(store, 's-1', 1, opts);
    controller.abort();
    await expect(waiting).resolves.toBe(false);

    await expect(waitForStreamVersion(store, 's-1', 1, opts)).resolves.toBe(false);
    await store.append('s-1', [event]);
    await expect(waitForStreamVersion(store, 's-1', 1, opts)).resolves.toBe(true);
  });

  it('resolves false after the timeout', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'queueMicrotask', 'nextTick'] });
    const store = new InMemoryEventStore();
    const waiting = waitForStreamVersion(store, 's-1', 1, options(5_000).options);
    jest.advanceTimersByTime(5_000);
    await expect(waiting).resolves.toBe(false);
  });

  it('rejects when the store fails', async () => {
    const store = new InMemoryEventStore();
    jest.spyOn(store, 'streamVersion').mockRejectedValue(new Error('connection lost'));
    await expect(waitForStreamVersion(store, 's-1', 1, options().options)).rejects.toThrow(
      'connection lost',
    );
  });
});
