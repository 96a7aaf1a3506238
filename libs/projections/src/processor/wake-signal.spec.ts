import { describe, expect, it } from '@jest/globals';
import { WakeSignal } from './wake-signal.js';

const settled = async (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 10));
  return done;
};

describe('WakeSignal', () => {
  it('keeps a commit signalled while busy for the next sleep that waits for commits', async () => {
    const wake = new WakeSignal();
    wake.commit();
    await wake.sleep(60_000, { untilCommit: true }); // returns at once
    expect(await settled(wake.sleep(60_000, { untilCommit: true }))).toBe(false);
    wake.commit();
  });

  it('forgets commits cleared before a read', async () => {
    const wake = new WakeSignal();
    wake.commit();
    wake.clearCommits();
    const sleeping = wake.sleep(60_000, { untilCommit: true });
    expect(await settled(sleeping)).toBe(false);
    wake.commit();
    expect(await settled(sleeping)).toBe(true);
  });

  it('does not cut a backoff short on commits, but does on an interrupt', async () => {
    const wake = new WakeSignal();
    const backoff = wake.sleep(60_000, { untilCommit: false });
    wake.commit();
    expect(await settled(backoff)).toBe(false);
    wake.interrupt();
    expect(await settled(backoff)).toBe(true);
  });

  it('ends a sleep after its time', async () => {
    const wake = new WakeSignal();
    expect(await settled(wake.sleep(1, { untilCommit: false }))).toBe(true);
  });
});
