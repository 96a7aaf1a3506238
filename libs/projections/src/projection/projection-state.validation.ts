import { ValidationError, type ValidationIssue } from '@cqrs-ddd/core';

/** Largest value of a PostgreSQL `integer` column. */
const MAX_INT4 = 2 ** 31 - 1;

/** The arguments of a {@link ProjectionStateStore} call that can be wrong. */
export interface ProjectionStateArgs {
  readonly name: string;
  readonly version?: number;
  readonly generation?: number;
}

/**
 * Checks the arguments of a projection-state call, as every adapter must: a non-empty name,
 * a version from 0 and a generation from 1 (integers that fit PostgreSQL's `integer`).
 * @throws ValidationError listing every invalid argument.
 */
export function assertValidProjectionStateArgs(args: ProjectionStateArgs): void {
  const issues: ValidationIssue[] = [];
  if (typeof args.name !== 'string' || args.name === '') {
    issues.push({ path: 'name', message: 'must be a non-empty string' });
  }
  const bounds = [
    ['version', 0],
    ['generation', 1],
  ] as const;
  for (const [field, min] of bounds) {
    if (!(field in args)) continue;
    const value = args[field];
    if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > MAX_INT4) {
      issues.push({ path: field, message: `must be an integer from ${min} to ${MAX_INT4}` });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
