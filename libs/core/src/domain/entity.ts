import { structurallyEqual } from './structural-equality.js';

/**
 * An object with identity: two entities are the same when they are of the same class and have
 * equal ids, whatever their other fields. Declares no constructor so ORMs can hydrate
 * subclasses freely; subclasses declare `id` (e.g. as a primary-key column).
 */
export abstract class Entity<TId = string> {
  abstract readonly id: TId;

  /**
   * Same class and equal id (value-object ids compare with their `equals`). An entity whose id
   * is not assigned yet (`null`/`undefined`) is only equal to itself.
   */
  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Entity) || other.constructor !== this.constructor) return false;
    if (this.id === undefined || this.id === null) return false;
    return structurallyEqual(this.id, other.id);
  }
}
