import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ReadModelProgress } from './read-model-progress.js';

describe('ReadModelProgress', () => {
  let progress: ReadModelProgress;
  let version: number;
  let reads: number;
  const read = async () => {
    reads += 1;
    return version;
  };
  const atLeast = (wanted: number) => (value: number) => value >= wanted;

  beforeEach(() => {
    jest.useFakeTimers();
    progress = new ReadModelProgress();
    version = 1;
    reads = 0;
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('answers at once when the condition already holds', async () => {
    await expect(progress.waitUntil(read, atLeast(1), 1000)).resolves.toEqual({
      value: 1,
      satisfied: true,
    });
    expect(reads).toBe(1);
  });

  it('re-reads only when the read model advances, until the condition holds', async () => {
    const waiting = progress.waitUntil(read, atLeast(3), 1000);
    await jest.advanceTimersByTimeAsync(0);
    expect(reads).toBe(1);
    version = 2;
    progress.advanced();
    await jest.advanceTimersByTimeAsync(0);
    expect(reads).toBe(2);
    version = 3;
    progress.advanced();
    await expect(waiting).resolves.toEqual({ value: 3, satisfied: true });
    expect(reads).toBe(3);
  });

  it('does not miss an advance that happens while it reads', async () => {
    const slowRead = async () => {
      reads += 1;
      const seen = version;
      version = 2;
      progress.advanced(); // the processor applies the event right after the read
      return seen;
    };
    await expect(progress.waitUntil(slowRead, atLeast(2), 1000)).resolves.toEqual({
      value: 2,
      satisfied: true,
    });
  });

  it('gives up after the timeout, with a last read', async () => {
    const waiting = progress.waitUntil(read, atLeast(5), 1000);
    await jest.advanceTimersByTimeAsync(999);
    expect(reads).toBe(1);
    version = 4;
    await jest.advanceTimersByTimeAsync(1);
    await expect(waiting).resolves.toEqual({ value: 4, satisfied: false });
    expect(reads).toBe(2);
  });

  it('stops waiting when closed (processor stopped), and waits again once opened', async () => {
    const waiting = progress.waitUntil(read, atLeast(5), 60_000);
    await jest.advanceTimersByTimeAsync(0);
    progress.close();
    await expect(waiting).resolves.toEqual({ value: 1, satisfied: false });
    await expect(progress.waitUntil(read, atLeast(5), 60_000)).resolves.toMatchObject({
      satisfied: false,
    });
    progress.open();
    const again = progress.waitUntil(read, atLeast(2), 60_000);
    version = 2;
    await jest.advanceTimersByTimeAsync(0);
    progress.advanced();
    await expect(again).resolves.toEqual({ value: 2, satisfied: true });
  });
});
