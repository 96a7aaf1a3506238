import { describe, expect, it } from '@jest/globals';
import { describeClockContract } from '../testing/contracts/clock.contract.js';
import { SystemClock } from './system-clock.adapter.js';

describeClockContract('SystemClock', () => ({ adapter: new SystemClock() }));

describe('SystemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
