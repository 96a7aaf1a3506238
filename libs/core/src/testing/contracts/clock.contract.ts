import { describe, expect, it } from '@jest/globals';
import type { Clock } from '../../ports/clock.port.js';
import { usePerTestSubject, type ContractSetup } from './contract-helpers.js';

/** The behaviour every {@link Clock} adapter must have. */
export function describeClockContract<TClock extends Clock>(
  name: string,
  factory: ContractSetup<TClock>,
): void {
  describe(`Clock contract: ${name}`, () => {
    const subject = usePerTestSubject(factory);

    it('returns a valid Date', () => {
      const now = subject.current.now();
      expect(now).toBeInstanceOf(Date);
      expect(Number.isNaN(now.getTime())).toBe(false);
    });

    it('never goes backwards between consecutive calls', () => {
      let previous = subject.current.now().getTime();
      for (let i = 0; i < 1_000; i++) {
        const current = subject.current.now().getTime();
        expect(current).toBeGreaterThanOrEqual(previous);
        previous = current;
      }
    });

    it('returns a new Date each time, so callers cannot change the clock', () => {
      const first = subject.current.now();
      const original = first.getTime();
      first.setTime(0);
      expect(subject.current.now()).not.toBe(first);
      expect(subject.current.now().getTime()).toBeGreaterThanOrEqual(original);
    });
  });
}
