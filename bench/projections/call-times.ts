/**
 * Where a projection's time goes: wraps stores in proxies that add up the wall time of chosen
 * async methods (a call made by another wrapped call is counted under both).
 */

/** Total wall time and number of calls of one wrapped method. */
export interface CallTotal {
  ms: number;
  calls: number;
}

/** Adds up the time spent in wrapped methods, by label. */
export class CallTimes {
  readonly totals = new Map<string, CallTotal>();

  /**
   * `target` with `methods` timed under `<label>.<method>`; every other property is the
   * target's own (functions bound to it).
   */
  wrap<T extends object>(target: T, label: string, methods: readonly (keyof T & string)[]): T {
    const timed = new Set<PropertyKey>(methods);
    return new Proxy(target, {
      get: (object, property) => {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (!timed.has(property)) return method.bind(object);
        const key = `${label}.${String(property)}`;
        return async (...args: unknown[]) => {
          const started = performance.now();
          try {
            return await method.apply(object, args);
          } finally {
            this.add(key, performance.now() - started);
          }
        };
      },
    });
  }

  /** Milliseconds spent in `key` (0 when never called). */
  ms(key: string): number {
    return this.totals.get(key)?.ms ?? 0;
  }

  private add(key: string, ms: number): void {
    const total = this.totals.get(key);
    if (total) {
      total.ms += ms;
      total.calls += 1;
    } else this.totals.set(key, { ms, calls: 1 });
  }
}
