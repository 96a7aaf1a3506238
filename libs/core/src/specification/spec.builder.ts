import { ValidationError } from '../errors/validation.error.js';
import { type FieldPath, splitFieldPath } from './field-path.js';
import { type SpecInput, type SpecificationSource, toSpecification } from './spec-input.js';
import { isSpecScalar } from './specification.validator.js';
import type {
  ListOperator,
  ScalarOperator,
  SpecScalar,
  Specification,
  TextOperator,
} from './specification.types.js';

/** What the builder accepts as a value: a scalar, or a `Date` (stored as its ISO string). */
export type SpecValue = SpecScalar | Date;

function toScalar(value: SpecValue, field: string): SpecScalar {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw ValidationError.of(field, 'is an invalid Date', 'isDate');
    return value.toISOString();
  }
  if (!isSpecScalar(value)) {
    throw ValidationError.of(
      field,
      `must be compared with a string, boolean, finite number or Date, got ${String(value)}`,
      'isScalar',
    );
  }
  return value;
}

/**
 * An immutable, composable specification typed by the model `T`. It serialises to its AST
 * (`JSON.stringify(spec)`), and every API taking a filter accepts it or the AST.
 *
 * @example
 * where<OrderSummary>('status').eq('confirmed').and(where<OrderSummary>('total').gt(100))
 */
export class Spec<T = unknown> implements SpecificationSource {
  private constructor(readonly node: Specification) {}

  /** Wraps an AST node (assumed valid; use `parseSpecification` for untrusted input). */
  static from<T = unknown>(spec: SpecInput): Spec<T> {
    return spec instanceof Spec ? spec : new Spec<T>(toSpecification(spec));
  }

  /** All of `specs` (nested `and`s are flattened); with none, matches everything. */
  static and<T = unknown>(...specs: SpecInput[]): Spec<T> {
    return new Spec<T>({ op: 'and', specs: flatten('and', specs) });
  }

  /** Any of `specs` (nested `or`s are flattened); with none, matches nothing. */
  static or<T = unknown>(...specs: SpecInput[]): Spec<T> {
    return new Spec<T>({ op: 'or', specs: flatten('or', specs) });
  }

  /** The negation of `spec`. */
  static not<T = unknown>(spec: SpecInput): Spec<T> {
    return new Spec<T>({ op: 'not', spec: toSpecification(spec) });
  }

  /** This and all of `others`. */
  and(...others: SpecInput[]): Spec<T> {
    return Spec.and<T>(this, ...others);
  }

  /** This or any of `others`. */
  or(...others: SpecInput[]): Spec<T> {
    return Spec.or<T>(this, ...others);
  }

  /** The negation of this specification. */
  not(): Spec<T> {
    return Spec.not<T>(this);
  }

  /** The plain AST. */
  toSpecification(): Specification {
    return this.node;
  }

  /** `JSON.stringify` emits the plain AST. */
  toJSON(): Specification {
    return this.node;
  }
}

function flatten(op: 'and' | 'or', specs: readonly SpecInput[]): Specification[] {
  return specs.flatMap((spec) => {
    const node = toSpecification(spec);
    return node.op === op ? node.specs : [node];
  });
}

/** The operators available on one field; each returns a {@link Spec}. */
export class FieldCondition<T = unknown> {
  constructor(readonly field: string) {
    splitFieldPath(field);
  }

  private scalar(op: ScalarOperator | TextOperator, value: SpecValue): Spec<T> {
    return Spec.from<T>({
      op,
      field: this.field,
      value: toScalar(value, this.field),
    } as Specification);
  }

  private list(op: ListOperator, values: readonly SpecValue[]): Spec<T> {
    return Spec.from<T>({
      op,
      field: this.field,
      values: values.map((v) => toScalar(v, this.field)),
    });
  }

  /** Equal (type-strict; matches an array holding the value). */
  eq(value: SpecValue): Spec<T> {
    return this.scalar('eq', value);
  }

  /** Not equal: `not(eq)`, so it also matches null or missing. */
  ne(value: SpecValue): Spec<T> {
    return this.scalar('ne', value);
  }

  /** Greater than (same type only). */
  gt(value: SpecValue): Spec<T> {
    return this.scalar('gt', value);
  }

  /** Greater than or equal (same type only). */
  gte(value: SpecValue): Spec<T> {
    return this.scalar('gte', value);
  }

  /** Less than (same type only). */
  lt(value: SpecValue): Spec<T> {
    return this.scalar('lt', value);
  }

  /** Less than or equal (same type only). */
  lte(value: SpecValue): Spec<T> {
    return this.scalar('lte', value);
  }

  /** Equal to one of `values`. */
  in(values: readonly SpecValue[]): Spec<T> {
    return this.list('in', values);
  }

  /** `not(in)`: also matches null or missing. */
  nin(values: readonly SpecValue[]): Spec<T> {
    return this.list('nin', values);
  }

  /** `from <= field <= to`; both bounds must have the same type. */
  between(from: SpecValue, to: SpecValue): Spec<T> {
    const [lower, upper] = [toScalar(from, this.field), toScalar(to, this.field)];
    if (typeof lower !== typeof upper) {
      throw ValidationError.of(this.field, 'between needs two bounds of the same type', 'sameType');
    }
    return Spec.from<T>({ op: 'between', field: this.field, from: lower, to: upper });
  }

  /** Substring of a string field, or element of an array field. */
  contains(value: SpecValue): Spec<T> {
    return this.scalar('contains', value);
  }

  /** String field starting with `prefix` (case-sensitive). */
  startsWith(prefix: string): Spec<T> {
    return this.scalar('startsWith', String(prefix));
  }

  /** String field ending with `suffix` (case-sensitive). */
  endsWith(suffix: string): Spec<T> {
    return this.scalar('endsWith', String(suffix));
  }

  /** Null or missing. */
  isNull(): Spec<T> {
    return Spec.from<T>({ op: 'isNull', field: this.field });
  }

  /** Present (possibly null). */
  exists(): Spec<T> {
    return Spec.from<T>({ op: 'exists', field: this.field });
  }

  /** Array field holding at least one of `values`. */
  containsAny(values: readonly SpecValue[]): Spec<T> {
    return this.list('containsAny', values);
  }

  /** Array field holding every one of `values`. */
  containsAll(values: readonly SpecValue[]): Spec<T> {
    return this.list('containsAll', values);
  }
}

/**
 * Starts a condition on `field`; with a model type, the path is checked by the compiler.
 *
 * @example
 * where<OrderSummary>('customer.address.city').eq('Paris')
 * where('items.productId').in(['p1', 'p2'])
 */
export function where<T = unknown>(field: FieldPath<T>): FieldCondition<T> {
  return new FieldCondition<T>(field as string);
}
