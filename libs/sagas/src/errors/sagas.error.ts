/** Base class of every error of `@cqrs-ddd/sagas`; `code` is stable and documented. */
export abstract class SagasError extends Error {
  /** Stable, machine-readable error code. */
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
