import { assertValidFlagDefinitions, FeatureFlagProvider, isValidationError } from '@cqrs-ddd/core';
import { FeatureFlagsConfigurationError } from '../errors/feature-flags-configuration.error.js';
import { featureFlagTables } from '../postgres/feature-flags-schema.js';
import type { FeatureFlagsModuleOptions } from './feature-flags-module.options.js';

const BUILT_IN = ['memory', 'postgres', 'unleash', 'openfeature'];

/** `'memory'`, `'postgres'`, `'unleash'`, `'openfeature'`, `'class'` or `'instance'`. */
export type FeatureFlagProviderKind =
  'memory' | 'postgres' | 'unleash' | 'openfeature' | 'class' | 'instance';

function fail(problem: string): never {
  throw new FeatureFlagsConfigurationError(problem);
}

/** Which kind of provider `provider` names; throws for anything else. */
export function providerKindOf(
  provider: FeatureFlagsModuleOptions['provider'],
): FeatureFlagProviderKind {
  if (typeof provider === 'string' && BUILT_IN.includes(provider)) {
    return provider as FeatureFlagProviderKind;
  }
  if (typeof provider === 'function') return 'class';
  if (provider instanceof FeatureFlagProvider) return 'instance';
  return fail(
    `"provider" must be ${BUILT_IN.map((name) => `'${name}'`).join(', ')}, a FeatureFlagProvider ` +
      `class or instance, got ${typeof provider === 'string' ? JSON.stringify(provider) : typeof provider}`,
  );
}

const described = (kind: FeatureFlagProviderKind) =>
  kind === 'class' || kind === 'instance' ? `a provider ${kind}` : `'${kind}'`;

function assertOnlyWith(
  options: FeatureFlagsModuleOptions,
  field: 'postgres' | 'unleash' | 'openfeature',
  kind: FeatureFlagProviderKind,
): void {
  if (options[field] !== undefined && kind !== field) {
    fail(`"${field}" options are for provider '${field}', but "provider" is ${described(kind)}`);
  }
}

function assertValidPostgres(options: FeatureFlagsModuleOptions): void {
  const { schema, refreshIntervalMs, migrate } = options.postgres ?? {};
  try {
    featureFlagTables(schema);
  } catch (error) {
    fail(`"postgres.schema": ${(error as Error).message}`);
  }
  if (
    refreshIntervalMs !== undefined &&
    !(Number.isSafeInteger(refreshIntervalMs) && refreshIntervalMs > 0)
  ) {
    fail(
      `"postgres.refreshIntervalMs" must be a positive integer (ms), got ${String(refreshIntervalMs)}`,
    );
  }
  if (migrate !== undefined && typeof migrate !== 'boolean') {
    fail(`"postgres.migrate" must be a boolean, got ${JSON.stringify(migrate)}`);
  }
}

function assertValidFlags(options: FeatureFlagsModuleOptions, kind: FeatureFlagProviderKind): void {
  if (options.flags === undefined) return;
  if (kind !== 'memory' && kind !== 'postgres') {
    fail(
      `"flags" are served by the 'memory' and 'postgres' providers only; with this provider, define them in its own backend`,
    );
  }
  if (!Array.isArray(options.flags)) fail('"flags" must be an array of flag definitions');
  try {
    assertValidFlagDefinitions(options.flags);
  } catch (error) {
    if (!isValidationError(error)) throw error;
    fail(error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '));
  }
}

/** The admin API route prefix, or `undefined` when the API is off. */
export function adminApiPathOf(
  adminApi: FeatureFlagsModuleOptions['adminApi'],
): string | undefined {
  if (adminApi === undefined || adminApi === false) return undefined;
  if (adminApi === true) return 'feature-flags';
  if (typeof adminApi !== 'object' || adminApi === null) {
    return fail(`"adminApi" must be a boolean or { path }, got ${JSON.stringify(adminApi)}`);
  }
  const path = adminApi.path ?? 'feature-flags';
  if (typeof path !== 'string' || path.trim() === '') {
    return fail(`"adminApi.path" must be a non-empty route path, got ${JSON.stringify(path)}`);
  }
  return path;
}

/**
 * Checks the options of `FeatureFlagsModule` when the module starts, so a misconfiguration
 * stops the app at once instead of serving wrong flags later.
 * @param declaredAdminApi the `adminApi` the module was declared with (routes are fixed then)
 * @returns the provider kind
 * @throws FeatureFlagsConfigurationError naming the option to fix
 */
export function assertValidFeatureFlagsOptions(
  options: FeatureFlagsModuleOptions,
  declaredAdminApi: FeatureFlagsModuleOptions['adminApi'] = options?.adminApi,
): FeatureFlagProviderKind {
  if (typeof options !== 'object' || options === null) {
    fail("options are required (e.g. { provider: 'memory', flags: [...] })");
  }
  const kind = providerKindOf(options.provider);
  assertOnlyWith(options, 'postgres', kind);
  assertOnlyWith(options, 'unleash', kind);
  assertOnlyWith(options, 'openfeature', kind);
  if (kind === 'postgres') assertValidPostgres(options);
  if (kind === 'unleash' && (typeof options.unleash !== 'object' || options.unleash === null)) {
    fail(
      `provider 'unleash' needs the "unleash" client configuration ({ url, appName, customHeaders, ... })`,
    );
  }
  assertValidFlags(options, kind);
  const { whenDisabled } = options;
  if (whenDisabled !== undefined && whenDisabled !== 'not-found' && whenDisabled !== 'forbidden') {
    fail(`"whenDisabled" must be 'not-found' or 'forbidden', got ${JSON.stringify(whenDisabled)}`);
  }
  const declared = adminApiPathOf(declaredAdminApi);
  const requested = adminApiPathOf(options.adminApi);
  if (requested !== undefined && declared === undefined) {
    fail(
      '"adminApi" must be given to forRootAsync({ adminApi, useFactory }) itself: routes are declared with the module',
    );
  }
  if (declared !== undefined && kind !== 'postgres') {
    fail(
      `"adminApi" needs provider 'postgres' (it edits the feature_flags table), but "provider" is ${described(kind)}`,
    );
  }
  return kind;
}
