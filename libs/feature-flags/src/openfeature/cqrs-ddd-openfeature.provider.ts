import type { FeatureFlagProvider, FlagValue } from '@cqrs-ddd/core';
import {
  ErrorCode,
  type EvaluationContext,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
  StandardResolutionReasons,
} from '@openfeature/server-sdk';
import {
  CQRS_DDD_REASON_METADATA_KEY,
  fromOpenFeatureContext,
  OPENFEATURE_REASONS,
} from './openfeature-context.mapping.js';

/**
 * OpenFeature server provider over any {@link FeatureFlagProvider} (in memory, PostgreSQL,
 * Unleash ...), so code written against the OpenFeature API evaluates our flags. The
 * OpenFeature context maps as `fromOpenFeatureContext` documents (`targetingKey` →
 * `principalId`, `tenantId`, `roles`, other keys → attributes). Reasons map to standard ones
 * (`static` → STATIC, `targeting` → TARGETING_MATCH, `rollout` and `variant` → SPLIT, `default`
 * → DEFAULT, `disabled` → DISABLED; our own reason is also in `flagMetadata.cqrsDddReason`);
 * an unknown flag resolves with error code FLAG_NOT_FOUND, a flag of another type (and every
 * object evaluation, our flags being booleans, strings or numbers) with TYPE_MISMATCH.
 */
export class CqrsDddOpenFeatureProvider implements Provider {
  /** Provider name shown in OpenFeature hooks and events. */
  readonly metadata = { name: 'cqrs-ddd' } as const;
  /** Server-side provider. */
  readonly runsOn = 'server';

  constructor(private readonly flags: FeatureFlagProvider) {}

  resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return this.resolve(flagKey, defaultValue, context);
  }

  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    return this.resolve(flagKey, defaultValue, context);
  }

  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    return this.resolve(flagKey, defaultValue, context);
  }

  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    const probe = await this.flags.evaluate(flagKey, fromOpenFeatureContext(context), false);
    return probe.reason === 'unknown-flag'
      ? this.failure(flagKey, defaultValue, 'unknown-flag')
      : this.failure(flagKey, defaultValue, 'type-mismatch');
  }

  private async resolve<T extends FlagValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    const result = await this.flags.evaluate(
      flagKey,
      fromOpenFeatureContext(context),
      defaultValue,
    );
    if (result.reason === 'unknown-flag' || result.reason === 'type-mismatch') {
      return this.failure(flagKey, defaultValue, result.reason);
    }
    return {
      // The port serves the caller's type; FlagValueOf<T> only widens literal types.
      value: result.value as unknown as T,
      ...(result.variant === undefined ? {} : { variant: result.variant }),
      reason: OPENFEATURE_REASONS[result.reason],
      flagMetadata: { [CQRS_DDD_REASON_METADATA_KEY]: result.reason },
    };
  }

  private failure<T>(
    flagKey: string,
    defaultValue: T,
    reason: 'unknown-flag' | 'type-mismatch',
  ): ResolutionDetails<T> {
    const unknown = reason === 'unknown-flag';
    return {
      value: defaultValue,
      reason: StandardResolutionReasons.ERROR,
      errorCode: unknown ? ErrorCode.FLAG_NOT_FOUND : ErrorCode.TYPE_MISMATCH,
      errorMessage: unknown
        ? `No feature flag "${flagKey}"`
        : `Feature flag "${flagKey}" serves another type than the default value's`,
      flagMetadata: { [CQRS_DDD_REASON_METADATA_KEY]: reason },
    };
  }
}
