import { deepFrozenCopy } from './deep-freeze.js';
import { structurallyEqual } from './structural-equality.js';

/**
 * A value object: no identity, immutable, equal to any other instance of the same class with
 * structurally equal props.
 *
 * ```ts
 * class Money extends ValueObject<{ amount: number; currency: string }> {
 *   static of(amount: number, currency: string) { return new Money({ amount, currency }); }
 *   get amount() { return this.props.amount; }
 * }
 * ```
 *
 * Props are copied and deep-frozen on construction (see {@link deepFrozenCopy}), so neither the
 * caller's object nor later mutation attempts can change the value. Subclasses should expose
 * props through getters and not add mutable fields of their own.
 */
export abstract class ValueObject<TProps extends object> {
  protected readonly props: Readonly<TProps>;

  protected constructor(props: TProps) {
    this.props = deepFrozenCopy(props);
  }

  /** Same class and structurally equal props (deep, order-sensitive, dates by time). */
  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof ValueObject) || other.constructor !== this.constructor) return false;
    return structurallyEqual(this.props, other.props);
  }

  /** The props as plain JSON (dates as ISO strings, nested value objects as their JSON). */
  toJSON(): unknown {
    return JSON.parse(JSON.stringify(this.props));
  }
}
