import { describe, expect, it } from '@jest/globals';
import { FeatureFlagProvider, InMemoryFeatureFlagProvider } from '@cqrs-ddd/core';
import {
  FeatureFlagsConfigurationError,
  isFeatureFlagsConfigurationError,
} from '../errors/feature-flags-configuration.error.js';
import type { FeatureFlagsModuleOptions } from './feature-flags-module.options.js';
import { FeatureFlagsSettings } from './feature-flags.settings.js';

const problemOf = (options: unknown, declared?: FeatureFlagsModuleOptions['adminApi']): string => {
  try {
    FeatureFlagsSettings.from(
      options as FeatureFlagsModuleOptions,
      declared ?? (options as FeatureFlagsModuleOptions)?.adminApi,
    );
  } catch (error) {
    expect(isFeatureFlagsConfigurationError(error)).toBe(true);
    return (error as FeatureFlagsConfigurationError).message;
  }
  throw new Error('expected a FeatureFlagsConfigurationError');
};

class CustomProvider extends InMemoryFeatureFlagProvider {}

describe('FeatureFlagsSettings.from (options validation at start)', () => {
  it('resolves defaults for valid options of every provider kind', () => {
    const memory = FeatureFlagsSettings.from({
      provider: 'memory',
      flags: [{ key: 'a', enabled: true, defaultValue: true }],
    });
    expect(memory).toMatchObject({
      providerKind: 'memory',
      whenDisabled: 'not-found',
      adminApiPath: undefined,
    });
    const postgres = FeatureFlagsSettings.from({
      provider: 'postgres',
      adminApi: { path: 'admin/flags' },
      whenDisabled: 'forbidden',
    });
    expect(postgres).toMatchObject({
      providerKind: 'postgres',
      whenDisabled: 'forbidden',
      adminApiPath: 'admin/flags',
    });
    expect(FeatureFlagsSettings.from({ provider: 'postgres', adminApi: true }).adminApiPath).toBe(
      'feature-flags',
    );
    expect(FeatureFlagsSettings.from({ provider: CustomProvider }).providerKind).toBe('class');
    expect(FeatureFlagsSettings.from({ provider: new CustomProvider() }).providerKind).toBe(
      'instance',
    );
    expect(
      FeatureFlagsSettings.from({
        provider: 'unleash',
        unleash: { url: 'http://u', appName: 'app' },
      }).providerKind,
    ).toBe('unleash');
    expect(
      FeatureFlagsSettings.from({ provider: 'openfeature', openfeature: { domain: 'billing' } })
        .providerKind,
    ).toBe('openfeature');
  });

  it('refuses an admin API without the postgres provider', () => {
    expect(problemOf({ provider: 'memory', adminApi: true })).toContain(
      `"adminApi" needs provider 'postgres'`,
    );
    expect(problemOf({ provider: new CustomProvider(), adminApi: true })).toContain(
      'a provider instance',
    );
  });

  it('refuses an admin API that forRootAsync was not declared with', () => {
    expect(problemOf({ provider: 'postgres', adminApi: true }, false)).toContain(
      'forRootAsync({ adminApi',
    );
  });

  it('names the option to fix for unknown providers and misplaced options', () => {
    expect(problemOf({ provider: 'redis' })).toContain('"provider" must be');
    expect(problemOf(undefined)).toContain('options are required');
    expect(problemOf({ provider: 'memory', postgres: {} })).toContain(
      `"postgres" options are for provider 'postgres'`,
    );
    expect(problemOf({ provider: 'postgres', unleash: {} })).toContain('"unleash" options');
    expect(problemOf({ provider: 'unleash' })).toContain(`provider 'unleash' needs the "unleash"`);
    expect(problemOf({ provider: 'unleash', unleash: {}, flags: [] })).toContain(
      '"flags" are served by',
    );
  });

  it('checks postgres settings, whenDisabled and adminApi shapes', () => {
    expect(problemOf({ provider: 'postgres', postgres: { schema: 'Bad-Schema' } })).toContain(
      '"postgres.schema"',
    );
    expect(problemOf({ provider: 'postgres', postgres: { refreshIntervalMs: 0 } })).toContain(
      'refreshIntervalMs',
    );
    expect(problemOf({ provider: 'postgres', postgres: { migrate: 'yes' } })).toContain('migrate');
    expect(problemOf({ provider: 'memory', whenDisabled: 'hide' })).toContain('"whenDisabled"');
    expect(problemOf({ provider: 'postgres', adminApi: { path: '' } })).toContain(
      '"adminApi.path"',
    );
    expect(problemOf({ provider: 'postgres', adminApi: 'yes' })).toContain('"adminApi" must be');
  });

  it('lists every problem of invalid flag definitions, duplicates included', () => {
    const problem = problemOf({
      provider: 'memory',
      flags: [
        { key: 'a', enabled: true, defaultValue: true, rollout: { percentage: 101, value: true } },
        { key: 'a', enabled: true, defaultValue: 'x' },
      ],
    });
    expect(problem).toContain('flags.0.rollout.percentage');
    expect(problem).toContain('duplicate flag key "a"');
  });

  it('accepts any FeatureFlagProvider subclass instance', () => {
    class Remote extends FeatureFlagProvider {
      async evaluate() {
        return { value: false, reason: 'unknown-flag' } as never;
      }
    }
    expect(FeatureFlagsSettings.from({ provider: new Remote() }).providerKind).toBe('instance');
    expect(problemOf({ provider: { evaluate: () => undefined } })).toContain('"provider" must be');
  });
});
