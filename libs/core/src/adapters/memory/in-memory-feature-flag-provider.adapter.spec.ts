import { describe, expect, it } from '@jest/globals';
import { isValidationError, type ValidationError } from '../../errors/validation.error.js';
import type { FlagDefinition } from '../../ports/feature-flag-provider.port.js';
import { describeFeatureFlagProviderContract } from '../../testing/contracts/feature-flag-provider.contract.js';
import { unleashNormalizedValue } from './flag-definition-evaluator.js';
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

  it('rejects bad constraints and variants with one issue each', () => {
    const invalid = {
      key: 'bad',
      enabled: true,
      defaultValue: 'a',
      rules: [
        {
          value: 'b',
          constraints: [
            { contextName: 'plan', operator: 'LIKE', values: ['x'] },
            { contextName: 'plan', operator: 'IN' },
            { contextName: 'plan', operator: 'STR_CONTAINS', values: [' '] },
            { contextName: 'seats', operator: 'NUM_GT', value: 'ten' },
            { contextName: 'seats', operator: 'NUM_LT', values: ['1'] },
            { contextName: 'day', operator: 'DATE_AFTER', value: 'someday' },
            { contextName: 'version', operator: 'SEMVER_GT', value: 'v1.2' },
            { contextName: '', operator: 'IN', values: ['a'], inverted: 'yes' },
            { contextName: 'seats', operator: 'NUM_EQ', value: '1', caseInsensitive: true },
          ],
        },
      ],
      variants: [
        { name: 'x', value: 'x', weight: -1 },
        { name: 'x', value: 3, weight: 1.5 },
        { name: '', value: 'z', weight: 0 },
      ],
    } as unknown as FlagDefinition;
    const error = construct([
      invalid,
      {
        key: 'zero',
        enabled: true,
        defaultValue: true,
        variants: [{ name: 'a', value: true, weight: 0 }],
      },
    ]);
    expect(error.issues.map((issue) => `${issue.path}:${issue.rule}`)).toEqual([
      'flags.0.rules.0.constraints.0.operator:isIn',
      'flags.0.rules.0.constraints.1.values:isStringArray',
      'flags.0.rules.0.constraints.2.values:isNotEmpty',
      'flags.0.rules.0.constraints.3.value:isNumberString',
      'flags.0.rules.0.constraints.4.value:isNotEmpty',
      'flags.0.rules.0.constraints.5.value:isDateString',
      'flags.0.rules.0.constraints.5.contextName:equals',
      'flags.0.rules.0.constraints.6.value:isSemVer',
      'flags.0.rules.0.constraints.7.contextName:isNotEmpty',
      'flags.0.rules.0.constraints.7.inverted:isBoolean',
      'flags.0.rules.0.constraints.8.caseInsensitive:notAllowed',
      'flags.0.variants.0.weight:isNonNegativeInt',
      'flags.0.variants.1.name:unique',
      'flags.0.variants.1.value:sameType',
      'flags.0.variants.1.weight:isNonNegativeInt',
      'flags.0.variants.2.name:isNotEmpty',
      'flags.0.variants:totalWeight',
      'flags.1.variants:totalWeight',
    ]);
    expect(error.issues[0]!.message).toContain('must be one of IN, NOT_IN');
  });

  it('reports malformed JSON shapes instead of throwing', () => {
    const malformed = {
      key: 'shape',
      enabled: true,
      defaultValue: false,
      rules: [
        null,
        { attributes: 'plan', constraints: 'IN', value: true },
        { attributes: { a: [] }, value: true },
      ],
      rollout: 50,
      variants: {},
    } as unknown as FlagDefinition;
    const error = construct([
      malformed,
      {
        ...malformed,
        key: 'other',
        rules: 'none',
        rollout: undefined,
        variants: [7],
      } as unknown as FlagDefinition,
    ]);
    expect(error.issues.map((issue) => `${issue.path}:${issue.rule}`)).toEqual([
      'flags.0.rules.0:isObject',
      'flags.0.rules.1.attributes:isObject',
      'flags.0.rules.1.constraints:isArray',
      'flags.0.rules.2.attributes:flagValue',
      'flags.0.rollout:isObject',
      'flags.0.variants:isArray',
      'flags.1.rules:isArray',
      'flags.1.variants.0:isObject',
    ]);
  });

  it("hashes like Unleash's normalizedValue (client-specification vectors)", () => {
    expect(unleashNormalizedValue('123', 'gr1')).toBe(73);
    expect(unleashNormalizedValue('999', 'groupX')).toBe(25);
    expect(unleashNormalizedValue('user-1', 'flag', 1000, 86028157)).toBe(201);
    const buckets = Array.from({ length: 500 }, (_, i) => unleashNormalizedValue(`s${i}`, 'f'));
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...buckets)).toBeLessThanOrEqual(100);
  });
});
