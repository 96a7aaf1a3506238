import type { TargetProjection, TargetProjections } from '@cqrs-ddd/projections';
import { CliNotFoundError } from '../errors/cli-not-found.error.js';

/**
 * The projection `name` of `group`.
 * @throws CliNotFoundError when the application has no such projection (exit code 3)
 */
export function projectionNamed(group: TargetProjections, name: string): TargetProjection {
  const entry = group.find(name);
  if (entry) return entry;
  const known = group.list().map(({ runtime }) => runtime.name);
  throw new CliNotFoundError(
    `No projection "${name}". Known: ${known.length > 0 ? known.join(', ') : 'none'}.`,
  );
}
