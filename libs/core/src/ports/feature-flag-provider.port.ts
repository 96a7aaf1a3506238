/** Value types a flag can serve. */
export type FlagValue = boolean | string | number;

/** The value type served for a default of type `T` (`'blue'` widens to `string`). */
export type FlagValueOf<T extends FlagValue> = T extends boolean
  ? boolean
  : T extends string
    ? string
    : number;

/** Who a flag is evaluated for. Callers usually fill it from the request context. */
export interface FlagEvaluationContext {
  /** Tenant of the request; used by tenant targeting and tenant-bucketed rollouts. */
  readonly tenantId?: string;
  /** Acting principal; used by principal targeting and principal-bucketed rollouts. */
  readonly principalId?: string;
  /** Further facts for attribute targeting (plan, region, ...), compared with `===`. */
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Why a flag evaluated to its value:
 * - `static`: the flag is on and has no targeting rules and no rollout; its own default served.
 * - `targeting`: a targeting rule matched.
 * - `rollout`: the subject falls inside the percentage rollout.
 * - `default`: the flag is on but no rule matched and the subject is outside the rollout (or the
 *   context lacks the rollout's subject id); the flag's own default served.
 * - `disabled`: the flag is off; the caller's default served.
 * - `unknown-flag`: no such flag; the caller's default served.
 * - `type-mismatch`: the flag serves another type than the caller's default; the caller's
 *   default served (evaluation never throws, a wrong-typed value never leaks out).
 */
export type FlagEvaluationReason =
  'static' | 'targeting' | 'rollout' | 'default' | 'disabled' | 'unknown-flag' | 'type-mismatch';

/** Result of {@link FeatureFlagProvider.evaluate}. */
export interface FlagEvaluation<T extends FlagValue> {
  readonly value: T;
  /** Name of the served variant, when the matching rule/rollout/flag names one. */
  readonly variant?: string;
  readonly reason: FlagEvaluationReason;
}

/**
 * A targeting rule: matches when every condition it states holds (conditions are ANDed; a
 * list condition matches when the context's id is in the list). A rule states at least one.
 */
export interface FlagTargetingRule<T extends FlagValue = FlagValue> {
  readonly tenantIds?: readonly string[];
  readonly principalIds?: readonly string[];
  /** Every listed attribute must equal (`===`) the context attribute. */
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
  /** Value served when the rule matches. */
  readonly value: T;
  readonly variant?: string;
}

/**
 * Percentage rollout: a stable hash of (flag key, subject id) puts every subject in a fixed
 * bucket in [0, 100), so a subject always gets the same answer, ~`percentage`% of subjects get
 * `value`, and raising the percentage only ever adds subjects.
 */
export interface FlagRollout<T extends FlagValue = FlagValue> {
  /** Share of subjects served `value`, 0-100 (fractions allowed). */
  readonly percentage: number;
  /** Value served to subjects inside the rollout. */
  readonly value: T;
  readonly variant?: string;
  /**
   * Which context id is the rollout subject; a context without it is outside the rollout.
   * @default 'principalId'
   */
  readonly bucketBy?: 'principalId' | 'tenantId';
}

/**
 * Portable flag definition. The in-memory provider is configured with these, and contract
 * suites hand them to every adapter's factory, which provisions them in its backend.
 * Evaluation order: disabled → targeting rules (first match wins) → rollout → flag default.
 */
export interface FlagDefinition<T extends FlagValue = FlagValue> {
  readonly key: string;
  /** When false the flag serves the caller's default with reason `disabled`. */
  readonly enabled: boolean;
  /** Value served when the flag is on and nothing more specific applies. */
  readonly defaultValue: T;
  /** Variant name of `defaultValue`. */
  readonly defaultVariant?: string;
  readonly rules?: readonly FlagTargetingRule<T>[];
  readonly rollout?: FlagRollout<T>;
}

/**
 * Evaluates feature flags. Evaluation never throws for unknown or misconfigured flags: it
 * falls back to the caller's default and says why in `reason`.
 */
export abstract class FeatureFlagProvider {
  abstract evaluate<T extends FlagValue>(
    flagKey: string,
    context: FlagEvaluationContext,
    defaultValue: T,
  ): Promise<FlagEvaluation<FlagValueOf<T>>>;

  /** Boolean shorthand for {@link evaluate}; `defaultValue` defaults to `false` (fail closed). */
  async isEnabled(
    flagKey: string,
    context: FlagEvaluationContext,
    defaultValue = false,
  ): Promise<boolean> {
    return (await this.evaluate(flagKey, context, defaultValue)).value;
  }
}
