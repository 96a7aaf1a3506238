import { CqrsDddError } from '@cqrs-ddd/core';

/**
 * Base class of the errors thrown by `@cqrs-ddd/projections` (besides the core errors it
 * reuses: `ValidationError`, `NotFoundError`, `CheckpointConflictError`...). Branch on `code`.
 */
export abstract class ProjectionsError extends CqrsDddError {}

/** True when `error` is any {@link ProjectionsError}. */
export function isProjectionsError(error: unknown): error is ProjectionsError {
  return error instanceof ProjectionsError;
}
