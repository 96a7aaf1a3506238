import {
  currentRequestContext,
  type FlagEvaluationContext,
  type RequestContextState,
} from '@cqrs-ddd/core';

type FlagAttributes = NonNullable<FlagEvaluationContext['attributes']>;

/** The principal's attributes that flags can target: string, finite number and boolean values. */
function flagAttributesOf(
  attributes: Readonly<Record<string, unknown>> | undefined,
): FlagAttributes {
  const kept: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
    ) {
      kept[name] = value;
    }
  }
  return kept;
}

/**
 * The evaluation context of a request context: its tenant, its principal's id (or the actor id
 * restored by workers), roles and targetable attributes.
 */
export function flagContextOf(state: RequestContextState | undefined): FlagEvaluationContext {
  const principal = state?.principal;
  const principalId = principal?.id ?? state?.actorId;
  const attributes = flagAttributesOf(principal?.attributes);
  return {
    ...(state?.tenantId === undefined ? {} : { tenantId: state.tenantId }),
    ...(principalId === undefined ? {} : { principalId }),
    ...(principal ? { roles: [...principal.roles] } : {}),
    ...(Object.keys(attributes).length === 0 ? {} : { attributes }),
  };
}

/**
 * The evaluation context of the caller: the request context's (see {@link flagContextOf}),
 * with every field of `explicit` overriding it (attributes are merged, explicit ones winning).
 */
export function callerFlagContext(explicit: FlagEvaluationContext = {}): FlagEvaluationContext {
  const implicit = flagContextOf(currentRequestContext());
  const attributes =
    implicit.attributes || explicit.attributes
      ? { ...implicit.attributes, ...explicit.attributes }
      : undefined;
  return { ...implicit, ...explicit, ...(attributes ? { attributes } : {}) };
}
