import { AsyncLocalStorage } from 'node:async_hooks';
import { UnitOfWork } from '../../ports/unit-of-work.port.js';

interface Frame {
  readonly unitId: number;
  readonly depth: number;
}

/**
 * {@link UnitOfWork} without a transactional resource: runs the work as is, but tracks units
 * and their nesting per async context exactly as a transactional adapter would, so code that
 * depends on joining (e.g. the retry step) behaves the same in tests. Counts units for tests.
 */
export class InMemoryUnitOfWork extends UnitOfWork {
  private readonly frames = new AsyncLocalStorage<Frame>();
  private lastUnitId = 0;
  private committedUnits = 0;
  private rolledBackUnits = 0;

  run<T>(work: () => Promise<T>): Promise<T> {
    try {
      const outer = this.frames.getStore();
      if (outer) return this.frames.run({ unitId: outer.unitId, depth: outer.depth + 1 }, work);
      this.lastUnitId += 1;
      return this.frames.run({ unitId: this.lastUnitId, depth: 1 }, work).then(
        (result) => {
          this.committedUnits += 1;
          return result;
        },
        (error: unknown) => {
          this.rolledBackUnits += 1;
          throw error;
        },
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  isActive(): boolean {
    return this.frames.getStore() !== undefined;
  }

  /** Nesting depth of the caller: 0 outside any unit, 1 in a unit, 2 in a joined nested run... */
  depth(): number {
    return this.frames.getStore()?.depth ?? 0;
  }

  /** Id of the caller's unit (nested runs report their outer unit's id); `undefined` outside. */
  currentUnitId(): number | undefined {
    return this.frames.getStore()?.unitId;
  }

  /** Outermost units that resolved ("committed") so far. */
  get committed(): number {
    return this.committedUnits;
  }

  /** Outermost units that rejected ("rolled back") so far. */
  get rolledBack(): number {
    return this.rolledBackUnits;
  }
}
