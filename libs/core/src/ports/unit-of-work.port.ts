/**
 * Transaction boundary of a command. `run` executes work atomically: everything it writes is
 * committed together when the work resolves, or discarded when it rejects.
 *
 * Units nest by joining: `run` called inside an active unit (a command sent from another
 * command's handler) runs the work inside the outer unit, which alone commits or rolls back.
 * Concurrent, unrelated calls never share a unit.
 */
export abstract class UnitOfWork {
  /** Runs `work` in a new unit, or in the caller's active unit when there is one. */
  abstract run<T>(work: () => Promise<T>): Promise<T>;

  /** True while the caller executes inside {@link run} (in its own async context). */
  abstract isActive(): boolean;
}

/**
 * Injection token under which a persistence library provides its transactional `UnitOfWork`
 * (e.g. `@cqrs-ddd/event-store`'s MikroORM one). When a module visible to `CqrsDddModule`
 * provides it (a global module, or one given in `modules`), the pipeline's unit-of-work step
 * uses it unless `CqrsDddModuleOptions.unitOfWork` says otherwise.
 */
export const TRANSACTIONAL_UNIT_OF_WORK = Symbol.for('cqrs-ddd:TRANSACTIONAL_UNIT_OF_WORK');
