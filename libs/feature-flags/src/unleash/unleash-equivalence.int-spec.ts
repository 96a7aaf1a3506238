import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InMemoryFeatureFlagProvider } from '@cqrs-ddd/core';
import { InMemStorageProvider } from 'unleash-client';
import { UnleashApiServerFixture } from './unleash-api-server.fixture.js';
import { equivalenceContexts, equivalenceDefinitions } from './unleash-equivalence.fixture.js';
import { UnleashFeatureFlagProvider } from './unleash-feature-flag.provider.js';
import { toUnleashFeature } from './unleash-feature.mapping.js';

/**
 * The proof that our evaluator answers like Unleash: every generated definition, served to the
 * real `unleash-client` as `toUnleashFeature` JSON over the client API, gives the same enabled
 * state and variant name as the in-memory provider for every generated context.
 */
describe('toUnleashFeature + unleash-client ≡ core flag evaluator', () => {
  const definitions = equivalenceDefinitions();
  const contexts = equivalenceContexts(2500);
  let server: UnleashApiServerFixture;
  let unleash: UnleashFeatureFlagProvider;
  const ours = new InMemoryFeatureFlagProvider(definitions);

  beforeAll(async () => {
    server = await UnleashApiServerFixture.start(definitions.map(toUnleashFeature));
    unleash = await UnleashFeatureFlagProvider.start({
      appName: 'equivalence',
      url: server.url,
      disableMetrics: true,
      refreshInterval: 60_000,
      storageProvider: new InMemStorageProvider(),
    });
  });

  afterAll(async () => {
    await unleash?.close();
    await server?.close();
  });

  it('covers rollouts, variants and constraints with several outcomes each', async () => {
    expect(definitions.length).toBeGreaterThan(60);
    const reasons = new Set<string>();
    for (const definition of definitions) {
      const outcomes = new Set<string>();
      for (const context of contexts.slice(0, 400)) {
        const result = await ours.evaluate(definition.key, context, false);
        outcomes.add(`${result.value}/${result.variant}`);
        reasons.add(result.reason);
      }
      const constant =
        !definition.enabled ||
        definition.key.startsWith('standard') ||
        /-(0|1|100)-/.test(definition.key);
      if (!constant) expect([definition.key, outcomes.size > 1]).toEqual([definition.key, true]);
    }
    expect([...reasons].sort()).toEqual([
      'default',
      'disabled',
      'rollout',
      'static',
      'targeting',
      'variant',
    ]);
  });

  it('gives the same enabled state and variant for every definition and context', async () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const definition of definitions) {
      for (const context of contexts) {
        const expected = await ours.evaluate(definition.key, context, false);
        const actual = await unleash.evaluate(definition.key, context, false);
        compared += 1;
        const same =
          expected.value === actual.value &&
          (!expected.value || expected.variant === actual.variant);
        if (!same && mismatches.length < 10) {
          mismatches.push(
            `${definition.key} ${JSON.stringify(context)}: ours ${JSON.stringify(expected)}, unleash ${JSON.stringify(actual)}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBe(definitions.length * contexts.length);
  });
});
