import {
  FeatureFlagProvider,
  type FlagEvaluation,
  type FlagEvaluationContext,
  type FlagValue,
  type FlagValueOf,
} from '@cqrs-ddd/core';
import { Unleash, type UnleashConfig, UnleashEvents, type Variant } from 'unleash-client';
import { toUnleashContext } from './unleash-context.mapping.js';
import { UnleashUnavailableError } from './unleash-unavailable.error.js';

/** Resolves once `client` has read its features from the API; rejects on its first error. */
function synchronized(client: Unleash, url: string): Promise<void> {
  if (client.isSynchronized()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown) => {
      client.off(UnleashEvents.Error, settle);
      client.off(UnleashEvents.Synchronized, settle);
      if (error === undefined) resolve();
      else reject(new UnleashUnavailableError(url, error));
    };
    client.on(UnleashEvents.Error, settle);
    client.on(UnleashEvents.Synchronized, () => settle());
    client.start().catch(settle);
  });
}

/** A variant payload as a value of the caller default's type, if it is one. */
function payloadValue(variant: Variant, defaultValue: FlagValue): FlagValue | undefined {
  const { payload } = variant;
  if (!variant.enabled || !payload) return undefined;
  if (typeof defaultValue === 'number') {
    const value = Number(payload.value);
    return payload.type === 'number' && payload.value.trim() !== '' && Number.isFinite(value)
      ? value
      : undefined;
  }
  return typeof defaultValue === 'string' && payload.type !== 'number' ? payload.value : undefined;
}

/**
 * {@link FeatureFlagProvider} over an Unleash server, through the official `unleash-client`
 * (which polls the features and evaluates locally, so evaluations are synchronous and cheap).
 * The context is mapped as `toUnleashContext` documents (`principalId` → `userId`, tenant,
 * roles and attributes → properties). Answers:
 * - unknown feature → `unknown-flag`; feature off → `disabled` (the caller's default);
 * - boolean flags: Unleash's `isEnabled` (`true` with reason `targeting`, or `variant` with the
 *   variant's name; `false` with reason `default`) — Unleash does not say which strategy
 *   matched, so `rollout` and `static` are not reported;
 * - string and number flags are served by variant payloads (`string`/`json`/`csv` payloads for
 *   strings, `number` payloads for numbers), reason `variant`; no variant → the caller's default
 *   with reason `default`, a payload of another type (or none) → `type-mismatch`.
 */
export class UnleashFeatureFlagProvider extends FeatureFlagProvider {
  /**
   * Starts an Unleash client (also when `disableAutoStart` is set) and resolves once it has
   * read the features.
   * @throws UnleashUnavailableError when the first read fails (the client is destroyed).
   */
  static async start(config: UnleashConfig): Promise<UnleashFeatureFlagProvider> {
    const client = new Unleash({ ...config, disableAutoStart: true });
    try {
      await synchronized(client, config.url);
    } catch (error) {
      client.destroy();
      throw error;
    }
    return new UnleashFeatureFlagProvider(client);
  }

  /** @param client a started Unleash client; {@link close} destroys it. */
  constructor(private readonly client: Unleash) {
    super();
  }

  async evaluate<T extends FlagValue>(
    flagKey: string,
    context: FlagEvaluationContext,
    defaultValue: T,
  ): Promise<FlagEvaluation<FlagValueOf<T>>> {
    return this.resolve(flagKey, context, defaultValue) as FlagEvaluation<FlagValueOf<T>>;
  }

  private resolve(
    flagKey: string,
    context: FlagEvaluationContext,
    defaultValue: FlagValue,
  ): FlagEvaluation<FlagValue> {
    const feature = this.client.getFeatureToggleDefinition(flagKey);
    if (!feature) return { value: defaultValue, reason: 'unknown-flag' };
    if (!feature.enabled) return { value: defaultValue, reason: 'disabled' };
    const variant = this.client.getVariant(flagKey, toUnleashContext(context));
    if (typeof defaultValue === 'boolean') {
      if (!variant.feature_enabled) return { value: false, reason: 'default' };
      return variant.enabled
        ? { value: true, variant: variant.name, reason: 'variant' }
        : { value: true, reason: 'targeting' };
    }
    if (!variant.feature_enabled) return { value: defaultValue, reason: 'default' };
    const value = payloadValue(variant, defaultValue);
    return value === undefined
      ? { value: defaultValue, reason: 'type-mismatch' }
      : { value, variant: variant.name, reason: 'variant' };
  }

  /** Stops polling and metrics and destroys the client. */
  async close(): Promise<void> {
    this.client.destroy();
  }
}
