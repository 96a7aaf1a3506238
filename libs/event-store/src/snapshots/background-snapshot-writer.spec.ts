import { describe, expect, it, jest } from '@jest/globals';
import { currentRequestContext, runInContext } from '@cqrs-ddd/core';
import { Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { BackgroundSnapshotWriter } from './background-snapshot-writer.js';

/** A promise and its resolver, to hold a job open until the test releases it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('BackgroundSnapshotWriter', () => {
  it('runs jobs after the caller returns, outside its request context and async storage', async () => {
    const writer = new BackgroundSnapshotWriter();
    const transaction = new AsyncLocalStorage<string>();
    const seen: unknown[] = [];
    let scheduledAt = 'not yet';

    runInContext({ correlationId: 'c-1', tenantId: 't-1' }, () =>
      transaction.run('tx-1', () => {
        writer.schedule('s-1', async () => {
          seen.push(currentRequestContext(), transaction.getStore(), scheduledAt);
        });
        scheduledAt = 'returned';
      }),
    );
    expect(seen).toEqual([]);

    await writer.whenIdle();

    expect(seen).toEqual([undefined, undefined, 'returned']);
  });

  it('runs at most one job per key at a time, and others in parallel', async () => {
    const writer = new BackgroundSnapshotWriter();
    const hold = gate();
    const runs: string[] = [];
    writer.schedule('s-1', async () => {
      runs.push('s-1 first');
      await hold.opened;
    });
    writer.schedule('s-1', async () => {
      runs.push('s-1 second');
    });
    writer.schedule('s-2', async () => {
      runs.push('s-2');
    });
    const idle = writer.whenIdle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs.sort()).toEqual(['s-1 first', 's-2']);

    hold.open();
    await idle;
    writer.schedule('s-1', async () => {
      runs.push('s-1 later');
    });
    await writer.whenIdle();
    expect(runs).toContain('s-1 later');
    expect(runs).not.toContain('s-1 second');
  });

  it('logs a failing job instead of throwing', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const writer = new BackgroundSnapshotWriter();
      writer.schedule('s-1', async () => {
        throw new Error('disk full');
      });
      await expect(writer.whenIdle()).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledWith('Background snapshot of "s-1" failed: disk full');
    } finally {
      warn.mockRestore();
    }
  });

  it('close() aborts the jobs, waits for them and refuses new ones', async () => {
    const writer = new BackgroundSnapshotWriter();
    const hold = gate();
    let finished = false;
    let aborted: boolean | undefined;
    writer.schedule('s-1', async (signal) => {
      await hold.opened;
      aborted = signal.aborted;
      finished = true;
    });
    const closed = writer.close();
    let lateJobRan = false;
    writer.schedule('s-2', async () => {
      lateJobRan = true;
    });
    hold.open();
    await closed;
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(true);
    expect(aborted).toBe(true);
    expect(lateJobRan).toBe(false);
    expect(writer.commitTimeoutMs).toBe(30_000);
  });
});
