import type {
  FeatureFlagsModuleOptions,
  WhenFlagDisabled,
} from './feature-flags-module.options.js';
import {
  adminApiPathOf,
  assertValidFeatureFlagsOptions,
  type FeatureFlagProviderKind,
} from './feature-flags-options.validation.js';

/** The validated, resolved options of `FeatureFlagsModule`. */
export class FeatureFlagsSettings {
  private constructor(
    /** Which provider serves the flags. */
    readonly providerKind: FeatureFlagProviderKind,
    /** What guards and the pipeline step throw for a flag that is off. */
    readonly whenDisabled: WhenFlagDisabled,
    /** Route prefix of the admin API, `undefined` when it is off. */
    readonly adminApiPath: string | undefined,
  ) {}

  /**
   * Validates `options` (see `assertValidFeatureFlagsOptions`) and resolves the defaults.
   * @param declaredAdminApi the `adminApi` the module was declared with
   * @throws FeatureFlagsConfigurationError naming the option to fix
   */
  static from(
    options: FeatureFlagsModuleOptions,
    declaredAdminApi: FeatureFlagsModuleOptions['adminApi'] = options?.adminApi,
  ): FeatureFlagsSettings {
    const kind = assertValidFeatureFlagsOptions(options, declaredAdminApi);
    return new FeatureFlagsSettings(
      kind,
      options.whenDisabled ?? 'not-found',
      adminApiPathOf(declaredAdminApi),
    );
  }
}
