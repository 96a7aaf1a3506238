import { FeatureFlagProvider, InMemoryFeatureFlagProvider } from '@cqrs-ddd/core';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Type } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { FeatureFlagsConfigurationError } from '../errors/feature-flags-configuration.error.js';
import { ensureFeatureFlagsSchema } from '../postgres/feature-flags-schema.js';
import { PostgresFeatureFlagProvider } from '../postgres/postgres-feature-flag.provider.js';
import type { FeatureFlagsModuleOptions } from './feature-flags-module.options.js';
import type { FeatureFlagsSettings } from './feature-flags.settings.js';

/** The provider `FeatureFlagsModule` serves, and what it must release on shutdown. */
export interface FeatureFlagBackend {
  readonly provider: FeatureFlagProvider;
  /** The PostgreSQL provider (with its store), when the provider is `'postgres'`. */
  readonly postgres?: PostgresFeatureFlagProvider;
  /** Closed on shutdown; `undefined` for an instance the app passed in (the app closes it). */
  readonly close?: () => Promise<void>;
}

/** Injection token of the {@link FeatureFlagBackend}. */
export const FEATURE_FLAG_BACKEND = Symbol('cqrs-ddd:FEATURE_FLAG_BACKEND');

const closerOf = (provider: object) => {
  const close = (provider as { close?: unknown }).close;
  return typeof close === 'function' ? async () => void (await close.call(provider)) : undefined;
};

async function startPostgres(
  options: FeatureFlagsModuleOptions,
  orm: MikroORM | undefined,
): Promise<FeatureFlagBackend> {
  if (!orm) {
    throw new FeatureFlagsConfigurationError(
      "provider 'postgres' keeps flags in PostgreSQL through the app's MikroORM: import MikroOrmModule (PostgreSQL)",
    );
  }
  const em = orm.em as EntityManager;
  const { schema, migrate = true, refreshIntervalMs } = options.postgres ?? {};
  if (migrate) await ensureFeatureFlagsSchema(em.getConnection(), schema);
  const postgres = new PostgresFeatureFlagProvider(em, { schema, refreshIntervalMs });
  await postgres.store.seed(options.flags ?? []);
  await postgres.start();
  return { provider: postgres, postgres, close: () => postgres.close() };
}

async function startUnleash(options: FeatureFlagsModuleOptions): Promise<FeatureFlagBackend> {
  const { UnleashFeatureFlagProvider } =
    await import('../unleash/unleash-feature-flag.provider.js');
  const provider = await UnleashFeatureFlagProvider.start(options.unleash!);
  return { provider, close: () => provider.close() };
}

async function startOpenFeature(options: FeatureFlagsModuleOptions): Promise<FeatureFlagBackend> {
  const { OpenFeatureClientFlagProvider } =
    await import('../openfeature/openfeature-client-flag.provider.js');
  const { client, domain } = options.openfeature ?? {};
  let resolved = client;
  if (!resolved) {
    const { OpenFeature } = await import('@openfeature/server-sdk');
    resolved = domain === undefined ? OpenFeature.getClient() : OpenFeature.getClient(domain);
  }
  const provider = new OpenFeatureClientFlagProvider(resolved);
  return { provider, close: closerOf(provider) };
}

/**
 * Builds the configured provider: creates and seeds the PostgreSQL table, starts the Unleash
 * client (resolving once synchronized), takes an OpenFeature client, or instantiates a
 * provider class with dependency injection. Optional SDKs are loaded only when used.
 * @throws FeatureFlagsConfigurationError when `'postgres'` finds no MikroORM
 */
export async function createFeatureFlagBackend(
  options: FeatureFlagsModuleOptions,
  settings: FeatureFlagsSettings,
  moduleRef: ModuleRef,
  orm?: MikroORM,
): Promise<FeatureFlagBackend> {
  switch (settings.providerKind) {
    case 'memory':
      return { provider: new InMemoryFeatureFlagProvider(options.flags ?? []) };
    case 'postgres':
      return startPostgres(options, orm);
    case 'unleash':
      return startUnleash(options);
    case 'openfeature':
      return startOpenFeature(options);
    case 'class': {
      const type = options.provider as Type<FeatureFlagProvider>;
      const provider = await moduleRef.create(type);
      if (!(provider instanceof FeatureFlagProvider)) {
        throw new FeatureFlagsConfigurationError(
          `"provider" class ${type.name} must extend core's FeatureFlagProvider`,
        );
      }
      return { provider, close: closerOf(provider) };
    }
    case 'instance':
      return { provider: options.provider as FeatureFlagProvider };
  }
}
