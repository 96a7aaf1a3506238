import { SagasError } from '../errors/sagas.error.js';

/** Invalid scheduling or job options (schema or role name, missing MikroORM, bad settings). */
export class SchedulingConfigurationError extends SagasError {
  /** Stable code of this error. */
  static readonly CODE = 'SCHEDULING_CONFIGURATION';
  readonly code = SchedulingConfigurationError.CODE;
}
