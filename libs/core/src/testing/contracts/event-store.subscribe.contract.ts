import { describe, expect, it } from '@jest/globals';
import {
  newEvent,
  waitForWakeUp,
  type EventStoreContractContext,
} from './event-store.contract-support.js';

/** Contract of `EventStore.subscribe`: the wake-up signal processors sleep on. */
export function eventStoreSubscribeContract(ctx: EventStoreContractContext): void {
  describe('subscribe', () => {
    it('wakes a listener after an append commits', async () => {
      const { woken, unsubscribe } = waitForWakeUp((l) => ctx.store.subscribe(l));
      await ctx.store.append('s', [newEvent()]);
      await expect(woken).resolves.toBeUndefined();
      unsubscribe();
    });

    it('wakes a listener after appendToStreams commits', async () => {
      const { woken, unsubscribe } = waitForWakeUp((l) => ctx.store.subscribe(l));
      await ctx.store.appendToStreams([
        { streamId: 'a', events: [newEvent()] },
        { streamId: 'b', events: [newEvent()] },
      ]);
      await expect(woken).resolves.toBeUndefined();
      unsubscribe();
    });

    it('stops calling a listener once unsubscribed', async () => {
      let unsubscribedCalls = 0;
      const unsubscribe = ctx.store.subscribe(() => {
        unsubscribedCalls += 1;
      });
      unsubscribe();
      unsubscribe(); // idempotent
      // A second listener registered on the same store is woken by the same commit, so once
      // it has run, the first one would have run too had it still been subscribed.
      const witness = waitForWakeUp((l) => ctx.store.subscribe(l));
      await ctx.store.append('s', [newEvent()]);
      await witness.woken;
      witness.unsubscribe();
      expect(unsubscribedCalls).toBe(0);
    });

    it('neither fails the append nor skips other listeners when one listener throws', async () => {
      const unsubscribeFaulty = ctx.store.subscribe(() => {
        throw new Error('faulty listener');
      });
      const healthy = waitForWakeUp((l) => ctx.store.subscribe(l));
      await expect(ctx.store.append('s', [newEvent()])).resolves.toMatchObject({
        streamVersion: 1,
      });
      await expect(healthy.woken).resolves.toBeUndefined();
      healthy.unsubscribe();
      unsubscribeFaulty();
    });
  });
}
