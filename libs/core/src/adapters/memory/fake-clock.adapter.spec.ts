import { describe, expect, it } from '@jest/globals';
import { describeClockContract } from '../../testing/contracts/clock.contract.js';
import { FAKE_CLOCK_DEFAULT_START, FakeClock } from './fake-clock.adapter.js';

describeClockContract('FakeClock', () => ({ adapter: new FakeClock() }));

describe('FakeClock', () => {
  it('stands still at its start until moved', () => {
    const clock = new FakeClock();
    expect(clock.now().toISOString()).toBe(FAKE_CLOCK_DEFAULT_START);
    expect(clock.now().toISOString()).toBe(FAKE_CLOCK_DEFAULT_START);
    expect(new FakeClock(0).now().getTime()).toBe(0);
  });

  it('advances by the given milliseconds', () => {
    const clock = new FakeClock('2026-03-01T00:00:00.000Z');
    clock.advance(1_500);
    clock.advance(0);
    expect(clock.now().toISOString()).toBe('2026-03-01T00:00:01.500Z');
  });

  it('jumps to any date, backwards too', () => {
    const clock = new FakeClock('2026-03-01T00:00:00.000Z');
    clock.set(new Date('2020-01-01T00:00:00.000Z'));
    expect(clock.now().toISOString()).toBe('2020-01-01T00:00:00.000Z');
    clock.set('2030-01-01T12:00:00+02:00');
    expect(clock.now().toISOString()).toBe('2030-01-01T10:00:00.000Z');
  });

  it('rejects negative or non-finite advances and invalid dates', () => {
    const clock = new FakeClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set('not a date')).toThrow(RangeError);
    expect(() => new FakeClock('nope')).toThrow(RangeError);
    expect(clock.now().toISOString()).toBe(FAKE_CLOCK_DEFAULT_START);
  });
});
