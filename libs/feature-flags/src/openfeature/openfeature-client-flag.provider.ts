import {
  FeatureFlagProvider,
  type FlagEvaluation,
  type FlagEvaluationContext,
  type FlagValue,
  type FlagValueOf,
} from '@cqrs-ddd/core';
import { type Client, ErrorCode, type EvaluationDetails } from '@openfeature/server-sdk';
import { fromOpenFeatureReason, toOpenFeatureContext } from './openfeature-context.mapping.js';

function fromDetails(
  details: EvaluationDetails<FlagValue>,
  defaultValue: FlagValue,
): FlagEvaluation<FlagValue> {
  if (
    details.errorCode === ErrorCode.TYPE_MISMATCH ||
    typeof details.value !== typeof defaultValue
  ) {
    return { value: defaultValue, reason: 'type-mismatch' };
  }
  if (details.errorCode !== undefined) return { value: defaultValue, reason: 'unknown-flag' };
  const reason = fromOpenFeatureReason(details.reason, details.flagMetadata);
  return details.variant === undefined
    ? { value: details.value, reason }
    : { value: details.value, variant: details.variant, reason };
}

/**
 * {@link FeatureFlagProvider} over an OpenFeature {@link Client}, so any OpenFeature provider
 * (flagd, LaunchDarkly, ConfigCat, ...) backs our guards, pipeline step and service. The
 * context maps as `toOpenFeatureContext` documents (`principalId` → `targetingKey`). Results:
 * error FLAG_NOT_FOUND → `unknown-flag`, TYPE_MISMATCH (or a value of another type) →
 * `type-mismatch`, any other error (provider not ready, parse error ...) → the caller's default
 * with reason `unknown-flag`; other reasons as `fromOpenFeatureReason` maps them.
 */
export class OpenFeatureClientFlagProvider extends FeatureFlagProvider {
  constructor(private readonly client: Client) {
    super();
  }

  async evaluate<T extends FlagValue>(
    flagKey: string,
    context: FlagEvaluationContext,
    defaultValue: T,
  ): Promise<FlagEvaluation<FlagValueOf<T>>> {
    const openFeatureContext = toOpenFeatureContext(context);
    const details: EvaluationDetails<FlagValue> =
      typeof defaultValue === 'boolean'
        ? await this.client.getBooleanDetails(flagKey, defaultValue, openFeatureContext)
        : typeof defaultValue === 'string'
          ? await this.client.getStringDetails(flagKey, defaultValue, openFeatureContext)
          : await this.client.getNumberDetails(flagKey, defaultValue as number, openFeatureContext);
    // fromDetails serves only values of the default's type.
    return fromDetails(details, defaultValue) as FlagEvaluation<FlagValueOf<T>>;
  }
}
