import { describe, expect, it } from '@jest/globals';
import { InMemoryUnitOfWork } from '../../adapters/memory/in-memory-unit-of-work.adapter.js';
import type { PipelineContext } from '../pipeline-context.js';
import { UnitOfWorkStep } from './unit-of-work.step.js';

describe('UnitOfWorkStep', () => {
  it('runs the rest of the pipeline inside a unit of work and returns its result', async () => {
    const uow = new InMemoryUnitOfWork();
    const step = new UnitOfWorkStep(uow);
    const result = await step.handle({} as PipelineContext, async () => uow.depth());
    expect(result).toBe(1);
    expect(uow.committed).toBe(1);
  });

  it('rolls the unit back when the handler fails, and rethrows', async () => {
    const uow = new InMemoryUnitOfWork();
    const error = new Error('handler failed');
    await expect(
      new UnitOfWorkStep(uow).handle({} as PipelineContext, () => Promise.reject(error)),
    ).rejects.toBe(error);
    expect(uow.rolledBack).toBe(1);
  });

  it('joins the unit of an outer execution', async () => {
    const uow = new InMemoryUnitOfWork();
    const step = new UnitOfWorkStep(uow);
    const depths = await step.handle({} as PipelineContext, async () => [
      uow.depth(),
      await step.handle({} as PipelineContext, async () => uow.depth()),
    ]);
    expect(depths).toEqual([1, 2]);
    expect(uow.committed).toBe(1);
  });
});
