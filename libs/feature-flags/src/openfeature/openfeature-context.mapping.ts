import type { FlagEvaluationContext, FlagEvaluationReason } from '@cqrs-ddd/core';
import {
  type EvaluationContext,
  type EvaluationContextValue,
  type FlagMetadata,
  StandardResolutionReasons,
} from '@openfeature/server-sdk';

/** `flagMetadata` key carrying our own reason, so it survives the trip through OpenFeature. */
export const CQRS_DDD_REASON_METADATA_KEY = 'cqrsDddReason';

/** Our reasons as OpenFeature standard resolution reasons (error reasons have error codes). */
export const OPENFEATURE_REASONS: Readonly<
  Record<Exclude<FlagEvaluationReason, 'unknown-flag' | 'type-mismatch'>, string>
> = {
  static: StandardResolutionReasons.STATIC,
  targeting: StandardResolutionReasons.TARGETING_MATCH,
  rollout: StandardResolutionReasons.SPLIT,
  variant: StandardResolutionReasons.SPLIT,
  default: StandardResolutionReasons.DEFAULT,
  disabled: StandardResolutionReasons.DISABLED,
};

const OUR_REASONS: ReadonlySet<string> = new Set<FlagEvaluationReason>([
  ...(Object.keys(OPENFEATURE_REASONS) as FlagEvaluationReason[]),
  'unknown-flag',
  'type-mismatch',
]);

/**
 * Our reason for an OpenFeature result: the one our provider put in `flagMetadata` when it is
 * behind, else from the standard reason (`SPLIT` → `rollout`; `CACHED`, `STALE`, `UNKNOWN` and
 * custom reasons → `default`).
 */
export function fromOpenFeatureReason(
  reason: string | undefined,
  flagMetadata: FlagMetadata,
): FlagEvaluationReason {
  const ours = flagMetadata[CQRS_DDD_REASON_METADATA_KEY];
  if (typeof ours === 'string' && OUR_REASONS.has(ours)) return ours as FlagEvaluationReason;
  switch (reason) {
    case StandardResolutionReasons.STATIC:
      return 'static';
    case StandardResolutionReasons.TARGETING_MATCH:
      return 'targeting';
    case StandardResolutionReasons.SPLIT:
      return 'rollout';
    case StandardResolutionReasons.DISABLED:
      return 'disabled';
    default:
      return 'default';
  }
}

/**
 * Our context as an OpenFeature context: `principalId` → `targetingKey`, `tenantId` and
 * `roles` under those keys, attributes as further keys (`targetingKey`, `tenantId` and `roles`
 * win over attributes of the same name).
 */
export function toOpenFeatureContext(context: FlagEvaluationContext): EvaluationContext {
  return {
    ...context.attributes,
    ...(context.principalId === undefined ? {} : { targetingKey: context.principalId }),
    ...(context.tenantId === undefined ? {} : { tenantId: context.tenantId }),
    ...(context.roles === undefined ? {} : { roles: [...context.roles] }),
  };
}

function attributeValue(value: EvaluationContextValue): string | number | boolean | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return value instanceof Date ? value.toISOString() : undefined;
}

/**
 * An OpenFeature context as ours: `targetingKey` → `principalId`, a string `tenantId`, a
 * string-array `roles`; other string, number, boolean and `Date` (as ISO string) values become
 * attributes; objects, arrays and `null` are dropped.
 */
export function fromOpenFeatureContext(context: EvaluationContext): FlagEvaluationContext {
  const { targetingKey, tenantId, roles, ...rest } = context;
  const attributes: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(rest)) {
    const attribute = attributeValue(value);
    if (attribute !== undefined) attributes[name] = attribute;
  }
  return {
    ...(typeof targetingKey === 'string' ? { principalId: targetingKey } : {}),
    ...(typeof tenantId === 'string' ? { tenantId } : {}),
    ...(Array.isArray(roles)
      ? { roles: roles.filter((role): role is string => typeof role === 'string') }
      : {}),
    attributes,
  };
}
