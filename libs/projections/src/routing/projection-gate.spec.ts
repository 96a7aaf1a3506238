import { describe, expect, it } from '@jest/globals';
import { yieldToIo } from '../projection/projection-runtime.fixture.js';
import { ProjectionGate } from './projection-gate.js';

describe('ProjectionGate', () => {
  it('waits for work in progress, holds new work during exclusive work, and skips inline applies', async () => {
    const gate = new ProjectionGate();
    const order: string[] = [];
    let finishBatch: () => void = () => undefined;
    const batch = gate.run(
      () =>
        new Promise<void>((resolve) => {
          finishBatch = () => {
            order.push('batch done');
            resolve();
          };
        }),
    );
    const exclusive = gate.exclusive(async () => {
      order.push('exclusive');
      expect(gate.enterInline()).toBeUndefined();
      await yieldToIo();
      order.push('exclusive done');
    });
    const next = gate.run(async () => {
      order.push('next batch');
    });
    await yieldToIo();
    expect(order).toEqual([]);
    finishBatch();
    await Promise.all([batch, exclusive, next]);
    expect(order).toEqual(['batch done', 'exclusive', 'exclusive done', 'next batch']);
    const leave = gate.enterInline();
    expect(leave).toBeInstanceOf(Function);
    leave!();
  });
});
