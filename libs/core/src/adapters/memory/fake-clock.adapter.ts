import { Clock } from '../../ports/clock.port.js';

/** Default start of a {@link FakeClock}: a fixed instant, so test output is reproducible. */
export const FAKE_CLOCK_DEFAULT_START = '2026-01-01T00:00:00.000Z';

/** A {@link Clock} for tests: time stands still until the test moves it. */
export class FakeClock extends Clock {
  private current: number;

  /** @param start initial time. @default {@link FAKE_CLOCK_DEFAULT_START} */
  constructor(start: Date | string | number = FAKE_CLOCK_DEFAULT_START) {
    super();
    this.current = FakeClock.toMillis(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves time forward by `ms` milliseconds (`0` allowed, negative rejected: use {@link set}). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`FakeClock.advance needs a finite, non-negative ms, got ${ms}`);
    }
    this.current += ms;
  }

  /** Jumps to `date`, forwards or backwards (e.g. to simulate clock skew). */
  set(date: Date | string | number): void {
    this.current = FakeClock.toMillis(date);
  }

  private static toMillis(date: Date | string | number): number {
    const millis = new Date(date).getTime();
    if (Number.isNaN(millis)) throw new RangeError(`FakeClock: invalid date ${String(date)}`);
    return millis;
  }
}
