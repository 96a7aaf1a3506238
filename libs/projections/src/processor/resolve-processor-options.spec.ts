import { describe, expect, it } from '@jest/globals';
import { InMemoryUnitOfWork, ValidationError } from '@cqrs-ddd/core';
import type { EventProcessor } from './event-processor.js';
import { resolveProcessorRunOptions } from './resolve-processor-options.js';

const processor: EventProcessor = { name: 'p', handleBatch: async () => undefined };

describe('resolveProcessorRunOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveProcessorRunOptions(processor)).toEqual({
      batchSize: 500,
      partitions: 1,
      leaseTtlMs: 10_000,
      leaseRetryMs: 5_000,
      retry: { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 30_000 },
      onPoison: 'park-and-continue',
      idlePollMs: 5_000,
      autoStart: true,
    });
    const unitOfWork = new InMemoryUnitOfWork();
    const resolved = resolveProcessorRunOptions(processor, { leaseTtlMs: 900, unitOfWork });
    expect(resolved.leaseRetryMs).toBe(450);
    expect(resolved.unitOfWork).toBe(unitOfWork);
  });

  it('lists every invalid field', () => {
    const invalid = () =>
      resolveProcessorRunOptions(
        { name: 'p', handleBatch: 'no' as never, filter: { types: [1 as never] } },
        {
          batchSize: 1.5,
          partitions: 2_000,
          leaseRetryMs: 0,
          retry: { initialDelayMs: 10, maxDelayMs: 5 },
          idlePollMs: Number.NaN,
          autoStart: 'yes' as never,
        },
      );
    expect(invalid).toThrow(ValidationError);
    try {
      invalid();
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
        'processor.handleBatch',
        'processor.filter.types',
        'batchSize',
        'partitions',
        'leaseRetryMs',
        'retry.maxDelayMs',
        'idlePollMs',
        'autoStart',
      ]);
    }
  });
});
