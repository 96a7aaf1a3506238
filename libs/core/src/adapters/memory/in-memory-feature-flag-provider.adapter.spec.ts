import { describe, expect, it } from '@jest/globals';
import { isValidationError, type ValidationError } from '../../errors/validation.error.js';
import type { FlagDefinition } from '../../ports/feature-flag-provider.port.js';
import { describeFeatureFlagProviderContract } from '../../testing/contracts/feature-flag-provider.contract.js';
import { rolloutBucket } from './flag-definition-evaluator.js';
import { InMemoryFeatureFlagProvider } from './in-memory-feature-flag-provider.adapter.js';

describeFeatureFlagProviderContract('InMemoryFeatureFlagProvider', () => ({
  adapter: (definitions) => new InMemoryFeatureFlagProvider(definitions),
}));

function construct(definitions: FlagDefinition[]): ValidationError {
  try {
    new InMemoryFeatureFlagProvider(definitions);
  } catch (error) {
    if (isValidationError(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('InMemoryFeatureFlagProvider', () => {
  it('rejects invalid definitions, listing every issue', () => {
    const invalid = {
      key: ' ',
      enabled: true,
      defaultValue: true,
      rules: [{ value: 'yes' }],
      rollout: { percentage: 120, value: true },
    } as unknown as FlagDefinition;
    const error = construct([
      invalid,
      { key: 'dup', enabled: true, defaultValue: 1 },
      { key: 'dup', enabled: true, defaultValue: 2 },
    ]);
    expect(error.issues.map((issue) => `${issue.path}:${issue.rule}`)).toEqual([
      'flags.0.key:isNotEmpty',
      'flags.0.rules.0:hasCondition',
      'flags.0.rules.0.value:sameType',
      'flags.0.rollout.percentage:range',
      'flags.2.key:unique',
    ]);
  });

  it('rejects non-finite numbers as flag values', () => {
    const error = construct([{ key: 'n', enabled: true, defaultValue: Number.NaN }]);
    expect(error.issues[0]).toMatchObject({ path: 'flags.0.defaultValue', rule: 'flagValue' });
  });

  it('replaces and removes flags at run time, and copies definitions', async () => {
    const definition = { key: 'f', enabled: true, defaultValue: 'a' };
    const flags = new InMemoryFeatureFlagProvider([definition]);
    definition.defaultValue = 'mutated';
    await expect(flags.evaluate('f', {}, 'x')).resolves.toMatchObject({ value: 'a' });
    flags.setFlag({ key: 'f', enabled: true, defaultValue: 'b' });
    await expect(flags.evaluate('f', {}, 'x')).resolves.toMatchObject({ value: 'b' });
    expect(flags.removeFlag('f')).toBe(true);
    expect(flags.removeFlag('f')).toBe(false);
    await expect(flags.evaluate('f', {}, 'x')).resolves.toEqual({
      value: 'x',
      reason: 'unknown-flag',
    });
    expect(() => flags.setFlag({ key: '', enabled: true, defaultValue: 1 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('puts every subject in a stable bucket in [0, 100)', () => {
    const buckets = Array.from({ length: 500 }, (_, i) => rolloutBucket('flag', `s${i}`));
    for (const bucket of buckets) {
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(100);
    }
    expect(rolloutBucket('flag', 's1')).toBe(buckets[1]);
    expect(rolloutBucket('other', 's1')).not.toBe(buckets[1]);
  });
});
