import { ForbiddenError, NotFoundError } from '@cqrs-ddd/core';
import { Injectable } from '@nestjs/common';
import { FeatureFlagsSettings } from '../module/feature-flags.settings.js';
import { FeatureFlagService } from '../service/feature-flag.service.js';
import type { FeatureFlagRequirement } from './feature-flag.metadata.js';

/** What a refused call was, for the error: e.g. `{ type: 'Route', id: 'POST /orders/export' }`. */
export interface FlaggedTarget {
  readonly type: string;
  readonly id: string;
}

/**
 * Checks `@FeatureFlag(...)` requirements for the caller; shared by `FeatureFlagGuard` and the
 * `feature-flags` pipeline step.
 */
@Injectable()
export class FeatureFlagEnforcer {
  constructor(
    private readonly flags: FeatureFlagService,
    private readonly settings: FeatureFlagsSettings,
  ) {}

  /**
   * Resolves when every requirement's flag is on for the caller.
   * @throws NotFoundError (`whenDisabled: 'not-found'`) naming `target`, or ForbiddenError
   */
  async enforce(
    requirements: readonly FeatureFlagRequirement[],
    target: () => FlaggedTarget,
  ): Promise<void> {
    for (const requirement of requirements) {
      if (await this.flags.isEnabled(requirement.flag)) continue;
      const { type, id } = target();
      if ((requirement.whenDisabled ?? this.settings.whenDisabled) === 'forbidden') {
        throw new ForbiddenError(
          `use ${type} "${id}"`,
          `the feature "${requirement.flag}" is not enabled for you`,
        );
      }
      throw new NotFoundError(type, id);
    }
  }
}
