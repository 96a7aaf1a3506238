import { describe, expect, it } from '@jest/globals';
import { InMemoryUnitOfWork } from '../../adapters/memory/in-memory-unit-of-work.adapter.js';
import { ConcurrencyError } from '../../errors/concurrency.error.js';
import type { PipelineContext } from '../pipeline-context.js';
import { resolveRetryOptions, retryDelay, RetryStep } from './retry.step.js';

function pipelineContext(): PipelineContext {
  return {
    kind: 'command',
    message: {},
    messageType: 'Test',
    messageId: 'm',
    correlationId: 'c',
    causationId: undefined,
    attempt: 1,
    metadata: {},
  };
}

/** A handler failing with `error` the first `failures` times; records the attempts it saw. */
function flaky(
  context: PipelineContext,
  failures: number,
  error: unknown = new ConcurrencyError('s', 1, 2),
) {
  const attempts: number[] = [];
  return {
    attempts,
    next: async () => {
      attempts.push(context.attempt);
      if (attempts.length <= failures) throw error;
      return 'ok';
    },
  };
}

describe('retryDelay', () => {
  const base = { baseDelayMs: 10, maxDelayMs: 50 };

  it('doubles per attempt up to the maximum without jitter', () => {
    expect([1, 2, 3, 4].map((a) => retryDelay(a, { ...base, jitter: 'none' }))).toEqual([
      10, 20, 40, 50,
    ]);
  });

  it('spreads delays with full and equal jitter', () => {
    expect(retryDelay(2, { ...base, jitter: 'full' }, () => 0.5)).toBe(10);
    expect(retryDelay(2, { ...base, jitter: 'full' }, () => 0)).toBe(0);
    expect(retryDelay(2, { ...base, jitter: 'equal' }, () => 0)).toBe(10);
    expect(retryDelay(2, { ...base, jitter: 'equal' }, () => 0.999)).toBeCloseTo(19.99);
  });
});

describe('resolveRetryOptions', () => {
  it('applies defaults and rejects nonsense', () => {
    expect(resolveRetryOptions()).toMatchObject({
      maxAttempts: 3,
      baseDelayMs: 10,
      maxDelayMs: 200,
      jitter: 'full',
    });
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetryOptions({ baseDelayMs: -1 })).toThrow(RangeError);
  });
});

describe('RetryStep', () => {
  const noDelay = { baseDelayMs: 0 };

  it('retries a ConcurrencyError and counts attempts in the context', async () => {
    const context = pipelineContext();
    const handler = flaky(context, 2);
    await expect(
      new RetryStep(new InMemoryUnitOfWork(), noDelay).handle(context, handler.next),
    ).resolves.toBe('ok');
    expect(handler.attempts).toEqual([1, 2, 3]);
    expect(context.attempt).toBe(3);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const context = pipelineContext();
    const handler = flaky(context, 10);
    const step = new RetryStep(new InMemoryUnitOfWork(), { ...noDelay, maxAttempts: 4 });
    await expect(step.handle(context, handler.next)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(handler.attempts).toEqual([1, 2, 3, 4]);
  });

  it('does not retry other errors, or what retryIf refuses', async () => {
    const context = pipelineContext();
    const handler = flaky(context, 1, new Error('other'));
    await expect(
      new RetryStep(new InMemoryUnitOfWork(), noDelay).handle(context, handler.next),
    ).rejects.toThrow('other');
    expect(handler.attempts).toEqual([1]);

    const custom = flaky(pipelineContext(), 1, new Error('transient'));
    const step = new RetryStep(new InMemoryUnitOfWork(), {
      ...noDelay,
      retryIf: (e) => (e as Error).message === 'transient',
    });
    await expect(step.handle(pipelineContext(), custom.next)).resolves.toBe('ok');
  });

  it('does not retry inside an active (outer) unit of work', async () => {
    const uow = new InMemoryUnitOfWork();
    const context = pipelineContext();
    const handler = flaky(context, 1);
    await expect(
      uow.run(() => new RetryStep(uow, noDelay).handle(context, handler.next)),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(handler.attempts).toEqual([1]);
  });

  it('waits the backoff delay between attempts', async () => {
    const context = pipelineContext();
    const handler = flaky(context, 1);
    const step = new RetryStep(new InMemoryUnitOfWork(), { baseDelayMs: 5, jitter: 'none' });
    const started = performance.now();
    await step.handle(context, handler.next);
    expect(performance.now() - started).toBeGreaterThanOrEqual(4);
  });
});
