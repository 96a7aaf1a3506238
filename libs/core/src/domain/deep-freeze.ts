import { isPlainObject } from './structural-equality.js';

/**
 * A deeply frozen copy of `value`: plain objects and arrays are copied and frozen recursively,
 * dates are copied (a frozen Date is still mutable through its setters, so a copy is the best
 * available protection against aliasing). Other objects — value objects, which are immutable
 * already, and foreign class instances — are kept as they are.
 */
export function deepFrozenCopy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value))
    return Object.freeze(value.map((item: unknown) => deepFrozenCopy(item))) as T;
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> =
      Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, key, { value: deepFrozenCopy(item), enumerable: true });
    }
    return Object.freeze(copy) as T;
  }
  return value;
}
