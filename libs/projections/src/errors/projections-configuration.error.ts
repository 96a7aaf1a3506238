import { hasErrorCode } from '@cqrs-ddd/core';
import { ProjectionsError } from './projections.error.js';

/** Options, decorators or registrations of the projections library are inconsistent. */
export class ProjectionsConfigurationError extends ProjectionsError {
  static readonly CODE = 'PROJECTIONS_CONFIGURATION';
  readonly code = ProjectionsConfigurationError.CODE;

  constructor(message: string) {
    super(message);
  }
}

/** True when `error` is a {@link ProjectionsConfigurationError}. */
export function isProjectionsConfigurationError(
  error: unknown,
): error is ProjectionsConfigurationError {
  return hasErrorCode(error, ProjectionsConfigurationError.CODE);
}
