import { describe, expect, it } from '@jest/globals';
import { ValueObject } from './value-object.js';

interface MoneyProps {
  amount: number;
  currency: string;
}

class Money extends ValueObject<MoneyProps> {
  static of(amount: number, currency: string): Money {
    return new Money({ amount, currency });
  }

  get amount(): number {
    return this.props.amount;
  }
}

class Price extends ValueObject<MoneyProps> {
  static of(amount: number, currency: string): Price {
    return new Price({ amount, currency });
  }
}

interface ScheduleProps {
  slots: { at: Date; tags: string[] }[];
  budget: Money;
  meta: Record<string, unknown>;
}

class Schedule extends ValueObject<ScheduleProps> {
  static of(props: ScheduleProps): Schedule {
    return new Schedule(props);
  }

  get raw(): Readonly<ScheduleProps> {
    return this.props;
  }
}

const day = (d: number) => new Date(Date.UTC(2026, 0, d));

describe('ValueObject', () => {
  it('is equal to a same-class instance with equal props', () => {
    expect(Money.of(10, 'EUR').equals(Money.of(10, 'EUR'))).toBe(true);
    expect(Money.of(10, 'EUR').equals(Money.of(11, 'EUR'))).toBe(false);
    expect(Money.of(10, 'EUR').equals(Price.of(10, 'EUR'))).toBe(false);
    expect(Money.of(10, 'EUR').equals({ amount: 10, currency: 'EUR' })).toBe(false);
    expect(Money.of(10, 'EUR').equals(null)).toBe(false);
  });

  it('compares deeply: dates by time, arrays in order, nested value objects by value', () => {
    const make = (tags: string[], date = day(1), budget = 5) =>
      Schedule.of({
        slots: [{ at: date, tags }],
        budget: Money.of(budget, 'EUR'),
        meta: { a: { b: [1, 2] } },
      });
    expect(make(['x', 'y']).equals(make(['x', 'y']))).toBe(true);
    expect(make(['x', 'y']).equals(make(['y', 'x']))).toBe(false);
    expect(make(['x']).equals(make(['x'], day(2)))).toBe(false);
    expect(make(['x']).equals(make(['x'], day(1), 6))).toBe(false);
  });

  it('copies and deep-freezes its props', () => {
    const tags = ['x'];
    const at = day(1);
    const schedule = Schedule.of({ slots: [{ at, tags }], budget: Money.of(1, 'EUR'), meta: {} });
    tags.push('mutated');
    at.setUTCFullYear(1999);
    const props = schedule.raw;
    expect(props.slots[0]?.tags).toEqual(['x']);
    expect(props.slots[0]?.at.getTime()).toBe(day(1).getTime());
    expect(Object.isFrozen(props)).toBe(true);
    expect(Object.isFrozen(props.slots)).toBe(true);
    expect(Object.isFrozen(props.slots[0])).toBe(true);
    expect(() => (props.slots[0]?.tags as string[]).push('y')).toThrow(TypeError);
    expect(() => {
      (props as { budget: unknown }).budget = null;
    }).toThrow(TypeError);
    expect(props.budget.equals(Money.of(1, 'EUR'))).toBe(true);
  });

  it('serialises its props as plain JSON', () => {
    const schedule = Schedule.of({
      slots: [{ at: day(3), tags: ['t'] }],
      budget: Money.of(2, 'USD'),
      meta: { k: 1 },
    });
    expect(schedule.toJSON()).toEqual({
      slots: [{ at: '2026-01-03T00:00:00.000Z', tags: ['t'] }],
      budget: { amount: 2, currency: 'USD' },
      meta: { k: 1 },
    });
    expect(JSON.parse(JSON.stringify({ price: Money.of(3, 'EUR') }))).toEqual({
      price: { amount: 3, currency: 'EUR' },
    });
    expect(Money.of(3, 'EUR').amount).toBe(3);
  });
});
