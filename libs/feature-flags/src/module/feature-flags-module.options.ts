import type { FeatureFlagProvider, FlagDefinition } from '@cqrs-ddd/core';
import type { Type } from '@nestjs/common';
import type { Client } from '@openfeature/server-sdk';
import type { UnleashConfig } from 'unleash-client';

/** Built-in providers of {@link FeatureFlagsModuleOptions.provider}. */
export type BuiltInFeatureFlagProvider = 'memory' | 'postgres' | 'unleash' | 'openfeature';

/** What a flag guard or pipeline step does when the flag is off for the caller. */
export type WhenFlagDisabled = 'not-found' | 'forbidden';

/** Options of the `'postgres'` provider. */
export interface FeatureFlagsPostgresOptions {
  /**
   * PostgreSQL schema of the `feature_flags` table (a lower-case SQL identifier).
   * @default 'public'
   */
  readonly schema?: string;
  /**
   * Create the schema and table at start when missing (idempotent, advisory-locked, safe with
   * several instances starting together). Leave it off when migrations are run separately.
   * @default true
   */
  readonly migrate?: boolean;
  /**
   * Every instance reloads its flags at least this often, in addition to the reload that
   * every change triggers through `NOTIFY` (a safety net for lost notifications).
   * @default 30000
   */
  readonly refreshIntervalMs?: number;
}

/** Options of the `'openfeature'` provider. */
export interface FeatureFlagsOpenFeatureOptions {
  /**
   * The OpenFeature client flags are evaluated with.
   * @default OpenFeature.getClient(domain) (the global API's client of `domain`)
   */
  readonly client?: Client;
  /**
   * Domain of the client taken from the global OpenFeature API when `client` is not given.
   * @default undefined (the default provider's client)
   */
  readonly domain?: string;
}

/** Options of the admin HTTP API (`FeatureFlagsAdminController`). */
export interface FeatureFlagsAdminApiOptions {
  /**
   * Route prefix of the admin endpoints.
   * @default 'feature-flags'
   */
  readonly path?: string;
}

/** Options of `FeatureFlagsModule.forRoot` / `forRootAsync`. */
export interface FeatureFlagsModuleOptions {
  /**
   * Where flags come from:
   * - `'memory'`: `flags`, held in memory (tests, fixed configurations);
   * - `'postgres'`: the `feature_flags` table through the app's MikroORM (`MikroOrmModule`),
   *   cached per instance and reloaded on change (`NOTIFY`) and on `refreshIntervalMs`;
   *   per-tenant overrides; writable through `FeatureFlagAdminService` and the admin API;
   * - `'unleash'`: an Unleash server through `unleash-client` (`unleash` options);
   * - `'openfeature'`: any OpenFeature provider through an OpenFeature client (`openfeature`);
   * - a `FeatureFlagProvider` class, instantiated with dependency injection in the module's
   *   scope (its dependencies: global providers or modules given to `forRootAsync({ imports })`)
   *   and closed on shutdown when it has a `close()`; or an instance (the app closes it).
   */
  readonly provider: BuiltInFeatureFlagProvider | Type<FeatureFlagProvider> | FeatureFlagProvider;
  /**
   * Flag definitions: for `'memory'` the flags served; for `'postgres'` seeded as global flags
   * when absent (existing rows are never overwritten). Not allowed with other providers.
   * @default []
   */
  readonly flags?: readonly FlagDefinition[];
  /** Options of the `'postgres'` provider. @default {} */
  readonly postgres?: FeatureFlagsPostgresOptions;
  /** Client configuration of the `'unleash'` provider (required with it). */
  readonly unleash?: UnleashConfig;
  /** Options of the `'openfeature'` provider. @default {} */
  readonly openfeature?: FeatureFlagsOpenFeatureOptions;
  /**
   * What `@FeatureFlag(...)` guards and the `feature-flags` pipeline step throw when a flag is
   * off for the caller (overridable per decorator): `'not-found'` → `NotFoundError` (the
   * feature looks absent, HTTP 404); `'forbidden'` → `ForbiddenError` (HTTP 403).
   * @default 'not-found'
   */
  readonly whenDisabled?: WhenFlagDisabled;
  /**
   * Serve the admin HTTP API (`GET/POST /feature-flags`, `GET/PUT/DELETE /feature-flags/:key`),
   * protected by access-control's `AccessGuard` (`AccessControlModule` must be imported).
   * Only with the `'postgres'` provider. With `forRootAsync`, routes are fixed when the module
   * is declared: give `adminApi` to `forRootAsync({ adminApi, useFactory })` itself.
   * @default false
   */
  readonly adminApi?: boolean | FeatureFlagsAdminApiOptions;
}
