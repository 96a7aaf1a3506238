import { AggregateRoot, ValidationError } from '@cqrs-ddd/core';
import { InvalidAggregateClassError } from '../errors/invalid-aggregate-class.error.js';

/** Any event-sourced aggregate. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAggregateRoot = AggregateRoot<any, any>;

/** The id type of an aggregate. */
export type AggregateIdOf<T extends AnyAggregateRoot> = T['id'];

/**
 * An event-sourced aggregate class as the event store sees it. Declare its stable stream type
 * on the class (or give `aggregateType` in `forFeature`); the class name is never used, because
 * renames and minification would orphan stored streams:
 *
 * ```ts
 * export class Order extends AggregateRoot<string, OrderState> {
 *   static readonly aggregateType = 'Order';
 *   static readonly snapshotRevision = 2; // optional, see AggregateSnapshotOptions.revision
 * }
 * ```
 */
export interface AggregateClass<T extends AnyAggregateRoot = AnyAggregateRoot> {
  new (...args: never[]): T;
  readonly prototype: T;
  readonly name: string;
  /** Stable type of the aggregate's streams, e.g. `Order`. */
  readonly aggregateType?: string;
  /** Revision of the snapshot state's shape. @default 1 */
  readonly snapshotRevision?: number;
}

/** The aggregate type: the explicit `override`, else the class's own `static aggregateType`. */
export function aggregateTypeOf(cls: AggregateClass, override?: string): string {
  const type: unknown =
    override ?? (Object.hasOwn(cls, 'aggregateType') ? cls.aggregateType : undefined);
  if (typeof type !== 'string' || type.trim() === '') {
    throw new InvalidAggregateClassError(
      cls.name,
      "declare `static readonly aggregateType = 'Order'` on the class or pass `aggregateType` " +
        'to EventStoreModule.forFeature; the class name is never used as the stored stream type.',
    );
  }
  return type;
}

/** The snapshot revision: the explicit `override`, else the class's `static snapshotRevision`, else 1. */
export function snapshotRevisionOf(cls: AggregateClass, override?: number): number {
  const revision = override ?? cls.snapshotRevision ?? 1;
  if (!Number.isSafeInteger(revision) || revision < 1) {
    throw new InvalidAggregateClassError(
      cls.name,
      `the snapshot revision must be an integer >= 1, got ${String(revision)}.`,
    );
  }
  return revision;
}

/** Throws unless the class overrides both snapshot hooks of `AggregateRoot`. */
export function assertSupportsSnapshots(cls: AggregateClass): void {
  const hooks = ['toSnapshot', 'restoreSnapshot'] as const;
  const base = AggregateRoot.prototype as unknown as Record<string, unknown>;
  const own = cls.prototype as unknown as Record<string, unknown>;
  const missing = hooks.filter((hook) => own[hook] === base[hook]);
  if (missing.length > 0) {
    throw new InvalidAggregateClassError(
      cls.name,
      `a snapshot strategy is configured but the class does not override ${missing.join(' and ')}().`,
    );
  }
}

/**
 * The stream id of an aggregate id: strings as they are, numbers and bigints in decimal, value
 * objects through their own `toString()`.
 */
export function streamIdOf(id: unknown): string {
  if (typeof id === 'string') return id;
  if (typeof id === 'number' || typeof id === 'bigint') return String(id);
  if (
    typeof id === 'object' &&
    id !== null &&
    typeof id.toString === 'function' &&
    id.toString !== Object.prototype.toString
  ) {
    return id.toString();
  }
  throw ValidationError.of(
    'id',
    'an aggregate id must be a string, a number or a value object with its own toString()',
    'isAggregateId',
  );
}
