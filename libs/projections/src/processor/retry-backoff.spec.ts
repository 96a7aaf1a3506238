import { describe, expect, it } from '@jest/globals';
import { logPosition, type StoredEvent } from '@cqrs-ddd/core';
import { RetryBackoff } from './retry-backoff.js';

const event = (n: number) => ({ eventId: `e${n}`, position: logPosition(n, n) }) as StoredEvent;
const retry = { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 1_000 };

describe('RetryBackoff', () => {
  it('backs off exponentially with full jitter, capped at maxDelayMs', () => {
    const backoff = new RetryBackoff(retry, () => 0.5);
    expect([1, 2, 3, 4, 5].map(() => backoff.onOtherFailure())).toEqual([50, 100, 200, 400, 500]);
    expect(backoff.failing).toBe(true);
    backoff.onProgress();
    expect(backoff.failing).toBe(false);
    expect(new RetryBackoff(retry, () => 0).onOtherFailure()).toBe(0);
  });

  it('retries a batch once, then isolates its events up to its last one', () => {
    const backoff = new RetryBackoff(retry, () => 1);
    const batch = [event(1), event(2), event(3)];
    expect(backoff.select(batch, null)).toEqual(batch);
    expect(backoff.onHandlerFailure(batch)).toEqual({ kind: 'retry', delayMs: 100 });
    expect(backoff.select(batch, null)).toEqual(batch);
    expect(backoff.onHandlerFailure(batch)).toEqual({ kind: 'retry', delayMs: 200 });
    expect(backoff.select(batch, null)).toEqual([event(1)]);
    expect(backoff.select(batch.slice(1), event(1).position)).toEqual([event(2)]);
    // Past the failed range: whole batches again.
    expect(backoff.select([event(4), event(5)], event(3).position)).toEqual([event(4), event(5)]);
  });

  it('parks a single event after maxAttempts failures, until progress is made', () => {
    const backoff = new RetryBackoff(retry, () => 1);
    const single = [event(7)];
    expect(backoff.onHandlerFailure(single).kind).toBe('retry');
    expect(backoff.onHandlerFailure(single).kind).toBe('retry');
    expect(backoff.onHandlerFailure(single)).toEqual({ kind: 'park', attempts: 3 });
    expect(backoff.onHandlerFailure(single)).toEqual({ kind: 'park', attempts: 4 });
    backoff.onProgress();
    expect(backoff.onHandlerFailure(single).kind).toBe('retry');
  });

  it('isolates at once when maxAttempts is 1', () => {
    const backoff = new RetryBackoff({ ...retry, maxAttempts: 1 }, () => 1);
    const batch = [event(1), event(2)];
    expect(backoff.onHandlerFailure(batch).kind).toBe('retry');
    const [first] = backoff.select(batch, null);
    expect(backoff.onHandlerFailure([first])).toEqual({ kind: 'park', attempts: 1 });
  });
});
