import { describe, expect, it } from '@jest/globals';
import { logPosition } from '@cqrs-ddd/core';
import type { PartitionStatus } from '@cqrs-ddd/projections';
import { processorVerdict } from './processor-verdict.js';

const thresholds = { maxEventsBehind: 100, maxSecondsBehind: 30 };

function partition(overrides: Partial<PartitionStatus> = {}): PartitionStatus {
  return {
    partition: 0,
    state: 'running',
    leaseHeld: true,
    checkpoint: logPosition(7, 42),
    eventsBehind: 0,
    secondsBehind: 0,
    ...overrides,
  };
}

describe('processorVerdict', () => {
  it('is healthy while running, standing by or retrying within the thresholds', () => {
    const verdict = processorVerdict(
      [
        partition({ eventsBehind: 100, secondsBehind: 30 }),
        partition({ partition: 1, state: 'standby', leaseHeld: false, checkpoint: null }),
        partition({ partition: 2, state: 'retrying', lastError: 'broker down' }),
      ],
      thresholds,
    );
    expect(verdict).toEqual({
      healthy: true,
      details: {
        status: 'up',
        states: ['running', 'standby', 'retrying'],
        checkpoints: ['7:42', null, '7:42'],
        eventsBehind: 100,
        secondsBehind: 30,
        lastError: 'broker down',
      },
    });
  });

  it('is unhealthy without partitions (not running) or with a halted one', () => {
    expect(processorVerdict([], thresholds)).toMatchObject({
      healthy: false,
      details: { status: 'down', states: [], reason: 'not running' },
    });
    const halted = processorVerdict(
      [
        partition(),
        partition({ partition: 1, state: 'stopped' }),
        partition({ partition: 2, state: 'idle' }),
      ],
      thresholds,
    );
    expect(halted).toMatchObject({
      healthy: false,
      details: { reason: 'partitions 1, 2 halted' },
    });
  });

  it('judges a paused processor by its lag only', () => {
    expect(
      processorVerdict([partition({ state: 'paused', eventsBehind: 5 })], thresholds).healthy,
    ).toBe(true);
    expect(
      processorVerdict([partition({ state: 'paused', eventsBehind: 101 })], thresholds).details,
    ).toMatchObject({ status: 'down', reason: '101 events behind (more than 100)' });
    expect(
      processorVerdict([partition({ secondsBehind: 30.5 })], thresholds).details,
    ).toMatchObject({ status: 'down', reason: '30.5 s behind (more than 30 s)' });
  });
});
