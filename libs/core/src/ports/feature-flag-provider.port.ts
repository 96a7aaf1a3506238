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
  /** Roles of the acting principal; used by role targeting. */
  readonly roles?: readonly string[];
  /**
   * Further facts (plan, region, appVersion, ...). Rule `attributes` compare them with `===`;
   * constraints compare their string form, like Unleash. `currentTime` (ISO string or epoch
   * milliseconds) stands in for "now" in `DATE_*` constraints.
   */
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
}

/** Constraint operators, with Unleash's semantics (see {@link FlagConstraint}). */
export const FLAG_CONSTRAINT_OPERATORS = [
  'IN',
  'NOT_IN',
  'STR_CONTAINS',
  'STR_STARTS_WITH',
  'STR_ENDS_WITH',
  'NUM_EQ',
  'NUM_GT',
  'NUM_GTE',
  'NUM_LT',
  'NUM_LTE',
  'DATE_AFTER',
  'DATE_BEFORE',
  'SEMVER_EQ',
  'SEMVER_GT',
  'SEMVER_LT',
] as const;

/** One of {@link FLAG_CONSTRAINT_OPERATORS}. */
export type FlagConstraintOperator = (typeof FLAG_CONSTRAINT_OPERATORS)[number];

/**
 * A condition on one context field, with Unleash's documented constraint semantics. The field
 * is read as a string (`String(value)`); a missing field is `undefined`:
 * - `IN` / `NOT_IN`: exact match against any of `values` (blank values ignored, values
 *   trimmed); a missing field is not in the list, so `NOT_IN` holds.
 * - `STR_CONTAINS` / `STR_STARTS_WITH` / `STR_ENDS_WITH`: any of `values`; `caseInsensitive`
 *   lower-cases both sides; false for a missing field.
 * - `NUM_*`: `Number(field)` against `Number(value)`; false when either is not a number.
 * - `DATE_AFTER` / `DATE_BEFORE`: only on `contextName: 'currentTime'`; compares the context's
 *   `currentTime` attribute (now when absent) with the date `value`.
 * - `SEMVER_EQ` / `SEMVER_GT` / `SEMVER_LT`: the field must be a valid semver without a `v`
 *   prefix, else false.
 * - `inverted` negates the outcome, including the missing-field outcome.
 */
export interface FlagConstraint {
  /** `'tenantId'`, `'principalId'`, `'currentTime'` or an attribute name of the context. */
  readonly contextName: string;
  readonly operator: FlagConstraintOperator;
  /** Candidates for `IN`, `NOT_IN` and `STR_*`. */
  readonly values?: readonly string[];
  /** Operand of `NUM_*` (a number), `DATE_*` (an ISO date) and `SEMVER_*` (a version). */
  readonly value?: string;
  /** Negates the outcome. @default false */
  readonly inverted?: boolean;
  /** `STR_*` only: compare lower-cased. @default false */
  readonly caseInsensitive?: boolean;
}

/** A weighted variant: served to about `weight / total weight` of the subjects. */
export interface FlagVariant<T extends FlagValue = FlagValue> {
  readonly name: string;
  readonly value: T;
  /** Non-negative integer; a variant of weight 0 is never served. */
  readonly weight: number;
}

/**
 * Why a flag evaluated to its value:
 * - `static`: the flag is on and has no targeting rules, rollout or variants; its own default
 *   served.
 * - `targeting`: a targeting rule matched.
 * - `rollout`: the subject falls inside the percentage rollout (and the flag has no variants).
 * - `variant`: a weighted variant was picked for the subject.
 * - `default`: the flag is on but no rule matched and the subject is outside the rollout (or the
 *   context lacks the rollout's or the variants' stickiness id); the flag's own default served.
 * - `disabled`: the flag is off; the caller's default served.
 * - `unknown-flag`: no such flag; the caller's default served.
 * - `type-mismatch`: the flag serves another type than the caller's default; the caller's
 *   default served (evaluation never throws, a wrong-typed value never leaks out).
 */
export type FlagEvaluationReason =
  | 'static'
  | 'targeting'
  | 'rollout'
  | 'variant'
  | 'default'
  | 'disabled'
  | 'unknown-flag'
  | 'type-mismatch';

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
  /** The context has at least one of these roles. */
  readonly roles?: readonly string[];
  /** Every listed attribute must equal (`===`) the context attribute. */
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
  /** Every constraint holds. */
  readonly constraints?: readonly FlagConstraint[];
  /** Value served when the rule matches. */
  readonly value: T;
  readonly variant?: string;
}

/**
 * Percentage rollout, Unleash's `flexibleRollout`: the subject is inside when
 * `percentage > 0 && unleashNormalizedValue(subjectId, groupId) <= percentage` (a murmurhash3
 * bucket in 1..100), so a subject always gets the same answer, ~`percentage`% of subjects get
 * `value`, raising the percentage only ever adds subjects, and the answers are the ones an
 * Unleash SDK gives for the same strategy.
 */
export interface FlagRollout<T extends FlagValue = FlagValue> {
  /** Share of subjects served `value`, 0-100 (fractions allowed). */
  readonly percentage: number;
  /** Value served to subjects inside the rollout. */
  readonly value: T;
  readonly variant?: string;
  /**
   * Which context id is the rollout subject (Unleash's stickiness): `'principalId'`,
   * `'tenantId'` or an attribute name. A context without it (or with `''`) is outside.
   * @default 'principalId'
   */
  readonly bucketBy?: 'principalId' | 'tenantId' | (string & {});
  /**
   * Hash group: flags sharing a group id roll out to the same subjects.
   * @default the flag key
   */
  readonly groupId?: string;
}

/**
 * Portable flag definition. The in-memory provider is configured with these, and contract
 * suites hand them to every adapter's factory, which provisions them in its backend.
 * Evaluation order: disabled → type mismatch → targeting rules (first match wins) → rollout
 * (outside: flag default) → variants (inside the rollout or without one: weighted pick) →
 * flag default.
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
  /**
   * Weighted variants, picked like Unleash's strategy variants: target =
   * `unleashNormalizedValue(stickinessId, groupId, totalWeight, 86028157)` with the rollout's
   * group id (the flag key without one); the first variant whose running weight total reaches
   * the target wins. Unlike Unleash, which then picks at random, a context without the
   * stickiness id gets the flag default.
   */
  readonly variants?: readonly FlagVariant<T>[];
  /** Context id the variant choice sticks to (an attribute name for others). @default 'principalId' */
  readonly variantStickiness?: 'principalId' | 'tenantId' | (string & {});
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
