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
