import { describe, expect, it } from '@jest/globals';
import { InMemoryIdempotencyStore } from '../../adapters/memory/in-memory-idempotency-store.adapter.js';
import { runInContext } from '../../context/request-context-scope.js';
import { isIdempotencyInProgressError } from '../../errors/idempotency-in-progress.error.js';
import { isIdempotencyKeyReusedError } from '../../errors/idempotency-key-reused.error.js';
import {
  IdempotencyStore,
  type IdempotencyClaim,
  type IdempotencyClaimRequest,
} from '../../ports/idempotency-store.port.js';
import type { PipelineContext } from '../pipeline-context.js';
import { IdempotencyStep } from './idempotency.step.js';

class PlaceOrder {
  constructor(
    readonly customerId: string,
    readonly idempotencyKey?: string,
  ) {}
}
class Pay {
  constructor(
    readonly amount: number,
    readonly commandId?: string,
  ) {}
}

function contextOf(message: object, metadata: Record<string, unknown> = {}): PipelineContext {
  return {
    kind: 'command',
    message,
    messageType: message.constructor.name,
    messageId: 'm',
    correlationId: 'c',
    causationId: undefined,
    attempt: 1,
    metadata,
  };
}

/** A handler counting its runs; `gate` holds it until released. */
function handler(result: (run: number) => unknown = (run) => ({ run })) {
  let runs = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    get runs() {
      return runs;
    },
    next: async () => {
      runs += 1;
      return result(runs);
    },
    gated: async () => {
      runs += 1;
      await gate;
      return result(runs);
    },
    release: () => release(),
  };
}

describe('IdempotencyStep', () => {
  it('passes executions without a key straight through', async () => {
    const store = new InMemoryIdempotencyStore();
    const step = new IdempotencyStep(store);
    const h = handler();
    await step.handle(contextOf(new PlaceOrder('c1')), h.next);
    await step.handle(contextOf(new PlaceOrder('c1')), h.next);
    expect(h.runs).toBe(2);
    expect(store.size()).toBe(0);
  });

  it('replays the stored result for the same key, marking the replay', async () => {
    const step = new IdempotencyStep(new InMemoryIdempotencyStore());
    const h = handler();
    const first = await step.handle(contextOf(new PlaceOrder('c1', 'k1')), h.next);
    const retry = contextOf(new PlaceOrder('c1', 'k1'));
    await expect(step.handle(retry, h.next)).resolves.toEqual(first);
    expect(h.runs).toBe(1);
    expect(retry.metadata.idempotentReplay).toBe(true);
  });

  it('finds keys in metadata, then idempotencyKey, then commandId', async () => {
    const step = new IdempotencyStep(new InMemoryIdempotencyStore());
    const h = handler();
    await step.handle(contextOf(new Pay(10, 'cmd-1')), h.next);
    await step.handle(contextOf(new Pay(10, 'cmd-1')), h.next);
    await step.handle(contextOf(new PlaceOrder('c1'), { idempotencyKey: 'meta' }), h.next);
    await step.handle(contextOf(new PlaceOrder('c1'), { idempotencyKey: 'meta' }), h.next);
    expect(h.runs).toBe(2);
  });

  it('refuses the same key with a different payload, naming the caller key', async () => {
    const step = new IdempotencyStep(new InMemoryIdempotencyStore());
    await step.handle(contextOf(new PlaceOrder('c1', 'k1')), handler().next);
    const error = await step
      .handle(contextOf(new PlaceOrder('c2', 'k1')), handler().next)
      .catch((e) => e);
    expect(isIdempotencyKeyReusedError(error)).toBe(true);
    expect((error as { key: string }).key).toBe('k1');
  });

  it('runs concurrent duplicates in one process once, sharing the result', async () => {
    const step = new IdempotencyStep(new InMemoryIdempotencyStore());
    const h = handler();
    const executions = Array.from({ length: 5 }, () =>
      step.handle(contextOf(new PlaceOrder('c1', 'k')), h.gated),
    );
    h.release();
    const results = await Promise.all(executions);
    expect(h.runs).toBe(1);
    expect(results).toEqual(Array(5).fill({ run: 1 }));
  });

  it('lets a duplicate in another process wait for the stored result', async () => {
    const store = new InMemoryIdempotencyStore();
    const processA = new IdempotencyStep(store, { pollIntervalMs: 2 });
    const processB = new IdempotencyStep(store, { pollIntervalMs: 2 });
    const h = handler();
    const first = processA.handle(contextOf(new PlaceOrder('c1', 'k')), h.gated);
    const duplicate = processB.handle(contextOf(new PlaceOrder('c1', 'k')), h.gated);
    await new Promise((resolve) => setImmediate(resolve));
    h.release();
    await expect(Promise.all([first, duplicate])).resolves.toEqual([{ run: 1 }, { run: 1 }]);
    expect(h.runs).toBe(1);
  });

  it('fails a waiting duplicate with IdempotencyInProgressError after waitTimeoutMs', async () => {
    const store = new InMemoryIdempotencyStore();
    const processA = new IdempotencyStep(store);
    const processB = new IdempotencyStep(store, { waitTimeoutMs: 10, pollIntervalMs: 2 });
    const h = handler();
    const first = processA.handle(contextOf(new PlaceOrder('c1', 'k')), h.gated);
    const error = await processB
      .handle(contextOf(new PlaceOrder('c1', 'k')), h.gated)
      .catch((e) => e);
    expect(isIdempotencyInProgressError(error)).toBe(true);
    h.release();
    await first;
    expect(h.runs).toBe(1);
  });

  it('releases the key when the execution fails, so a retry runs again', async () => {
    const step = new IdempotencyStep(new InMemoryIdempotencyStore());
    const failing = () => Promise.reject(new Error('boom'));
    await expect(step.handle(contextOf(new PlaceOrder('c1', 'k')), failing)).rejects.toThrow(
      'boom',
    );
    const h = handler();
    await expect(step.handle(contextOf(new PlaceOrder('c1', 'k')), h.next)).resolves.toEqual({
      run: 1,
    });
  });

  it('scopes keys by tenant and message type', async () => {
    const step = new IdempotencyStep(new InMemoryIdempotencyStore());
    const h = handler();
    const place = () => step.handle(contextOf(new PlaceOrder('c1', 'same')), h.next);
    await runInContext({ tenantId: 'tenant-a' }, place);
    await runInContext({ tenantId: 'tenant-b' }, place);
    await step.handle(contextOf(new Pay(1, 'same')), h.next);
    expect(h.runs).toBe(3);
  });

  it('still returns the result when the store fails to record it', async () => {
    class FailingCompleteStore extends IdempotencyStore {
      claim(_request: IdempotencyClaimRequest): Promise<IdempotencyClaim> {
        return Promise.resolve({ status: 'claimed', token: 't' });
      }
      complete(): Promise<boolean> {
        return Promise.reject(new Error('store down'));
      }
      release(): Promise<void> {
        return Promise.resolve();
      }
    }
    const step = new IdempotencyStep(new FailingCompleteStore());
    await expect(
      step.handle(contextOf(new PlaceOrder('c1', 'k')), async () => 'done'),
    ).resolves.toBe('done');
  });
});
