import { describe, expect, it } from '@jest/globals';
import type { Clock } from '../../ports/clock.port.js';
import { useContractSubject } from './contract-helpers.js';
import type { ContractFactory, ContractSubject } from './contract-subject.js';

/** What `describeClockContract` needs per test: a clock. */
export type ClockContractSubject = ContractSubject<Clock>;

/** The behaviour every {@link Clock} adapter must have. */
export function describeClockContract(
  name: string,
  factory: ContractFactory<ClockContractSubject>,
): void {
  describe(`Clock contract: ${name}`, () => {
    const subject = useContractSubject(factory);
    const clock = () => subject().adapter;

    it('returns a valid Date', () => {
      const now = clock().now();
      expect(now).toBeInstanceOf(Date);
      expect(Number.isNaN(now.getTime())).toBe(false);
    });

    it('never goes backwards between consecutive calls', () => {
      let previous = clock().now().getTime();
      for (let i = 0; i < 1_000; i++) {
        const current = clock().now().getTime();
        expect(current).toBeGreaterThanOrEqual(previous);
        previous = current;
      }
    });

    it('returns a new Date each time, so callers cannot change the clock', () => {
      const first = clock().now();
      const original = first.getTime();
      first.setTime(0);
      expect(clock().now()).not.toBe(first);
      expect(clock().now().getTime()).toBeGreaterThanOrEqual(original);
    });
  });
}
