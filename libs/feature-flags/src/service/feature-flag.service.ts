import {
  FeatureFlagProvider,
  type FlagEvaluation,
  type FlagEvaluationContext,
  type FlagValue,
  type FlagValueOf,
} from '@cqrs-ddd/core';
import { Injectable } from '@nestjs/common';
import { callerFlagContext } from './flag-context.js';

/** What {@link FeatureFlagService.getVariant} answers. */
export interface FlagVariantResult {
  /**
   * The flag is on for the caller: it exists, is enabled, and serves `true` (boolean flags) or
   * a value (string and number flags).
   */
  readonly enabled: boolean;
  /** Name of the served variant, when the definition names one. */
  readonly name?: string;
  /** The served value; absent when the flag is unknown or disabled. */
  readonly value?: FlagValue;
}

/** Defaults tried in turn by `getVariant`, which does not know the flag's type. */
const TYPE_PROBES: readonly FlagValue[] = [false, '', 0];
const NOT_SERVED = new Set(['disabled', 'unknown-flag', 'type-mismatch']);

/**
 * Evaluates feature flags for the caller. The evaluation context comes from the request
 * context — tenant, principal id, roles and (string, number, boolean) attributes — and the
 * fields of an explicit `context` override it. Unknown flags are off.
 *
 * ```ts
 * if (await flags.isEnabled('new-checkout')) { ... }
 * const { value: pageSize } = await flags.evaluate('page-size', 20);
 * ```
 */
@Injectable()
export class FeatureFlagService {
  constructor(private readonly provider: FeatureFlagProvider) {}

  /** True when boolean flag `name` serves `true` to the caller (unknown or disabled: false). */
  isEnabled(name: string, context?: FlagEvaluationContext): Promise<boolean> {
    return this.provider.isEnabled(name, callerFlagContext(context), false);
  }

  /**
   * The value flag `name` serves the caller, `defaultValue` when it is unknown, disabled or of
   * another type (the reason tells which).
   */
  evaluate<T extends FlagValue>(
    name: string,
    defaultValue: T,
    context?: FlagEvaluationContext,
  ): Promise<FlagEvaluation<FlagValueOf<T>>> {
    return this.provider.evaluate(name, callerFlagContext(context), defaultValue);
  }

  /** The variant (name and value) flag `name` serves the caller, whatever its value type. */
  async getVariant(name: string, context?: FlagEvaluationContext): Promise<FlagVariantResult> {
    const caller = callerFlagContext(context);
    for (const probe of TYPE_PROBES) {
      const result = await this.provider.evaluate(name, caller, probe);
      if (result.reason === 'type-mismatch') continue;
      if (NOT_SERVED.has(result.reason)) return { enabled: false };
      return {
        enabled: result.value !== false,
        ...(result.variant === undefined ? {} : { name: result.variant }),
        value: result.value,
      };
    }
    return { enabled: false };
  }
}
