import type { WhenFlagDisabled } from '../module/feature-flags-module.options.js';

/** Options of `@FeatureFlag(...)`. */
export interface FeatureFlagOptions {
  /**
   * What is thrown when the flag is off for the caller: `'not-found'` (`NotFoundError`, the
   * feature looks absent) or `'forbidden'` (`ForbiddenError`).
   * @default the module's `whenDisabled` ('not-found')
   */
  readonly whenDisabled?: WhenFlagDisabled;
}

/** One `@FeatureFlag(...)` declaration. */
export interface FeatureFlagRequirement extends FeatureFlagOptions {
  /** Key of the boolean flag that must be on. */
  readonly flag: string;
}

/** Metadata key of the {@link FeatureFlagRequirement}s of a class or method. */
export const FEATURE_FLAG_REQUIREMENTS = 'cqrs-ddd:feature-flags:requirements';

/** Adds `requirement` to those of `holder` (a class or a method function). */
export function addFeatureFlagRequirement(
  holder: object,
  requirement: FeatureFlagRequirement,
): void {
  // A subclass starts from its parent's declarations (its own list would hide them).
  const current = (Reflect.getOwnMetadata(FEATURE_FLAG_REQUIREMENTS, holder) ??
    Reflect.getMetadata(FEATURE_FLAG_REQUIREMENTS, holder) ??
    []) as readonly FeatureFlagRequirement[];
  Reflect.defineMetadata(FEATURE_FLAG_REQUIREMENTS, [...current, requirement], holder);
}

/**
 * The requirements declared with `@FeatureFlag(...)` on `target` (a class, with those of its
 * parent classes, or a method).
 */
export function featureFlagRequirementsOf(target: object): readonly FeatureFlagRequirement[] {
  return (Reflect.getMetadata(FEATURE_FLAG_REQUIREMENTS, target) ??
    []) as readonly FeatureFlagRequirement[];
}
