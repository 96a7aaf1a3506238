import type { FlagEvaluationContext } from '@cqrs-ddd/core';
import type { Context } from 'unleash-client';

/**
 * Unleash context fields an attribute name must not take: Unleash reads these before the
 * custom properties (or we fill them), so an attribute of that name would not be what a
 * constraint or stickiness on it sees.
 */
export const UNLEASH_RESERVED_CONTEXT_NAMES: ReadonlySet<string> = new Set([
  'userId',
  'sessionId',
  'remoteAddress',
  'environment',
  'appName',
  'currentTime',
  'properties',
  'featureToggle',
  'tenantId',
  'roles',
]);

/**
 * The Unleash context field a flag-model context name reads: `principalId` is Unleash's
 * `userId`; `tenantId` and attribute names are custom properties of the same name.
 */
export function unleashContextName(name: string): string {
  return name === 'principalId' ? 'userId' : name;
}

/** Property value that role constraints test with `STR_CONTAINS` `,<role>,`. */
export function unleashRolesProperty(roles: readonly string[]): string {
  return `,${roles.join(',')},`;
}

/**
 * Our evaluation context as an Unleash context:
 * - `principalId` → `userId`;
 * - `attributes` → `properties` (as strings), `attributes.currentTime` → `currentTime`;
 * - `tenantId` → `properties.tenantId`;
 * - `roles` → `properties.roles`, written `,admin,ops,` so that the constraint
 *   `STR_CONTAINS ,admin,` that {@link toUnleashFeature} writes for a role matches whole roles
 *   only (roles must not contain commas). `tenantId` and `roles` win over attributes of the
 *   same name.
 */
export function toUnleashContext(context: FlagEvaluationContext): Context {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(context.attributes ?? {})) {
    properties[name] = String(value);
  }
  if (context.tenantId !== undefined) properties['tenantId'] = context.tenantId;
  if (context.roles && context.roles.length > 0) {
    properties['roles'] = unleashRolesProperty(context.roles);
  }
  const unleashContext: Context = { properties };
  if (context.principalId !== undefined) unleashContext.userId = context.principalId;
  const currentTime = context.attributes?.['currentTime'];
  if (currentTime) {
    unleashContext.currentTime = new Date(
      typeof currentTime === 'boolean' ? Number(currentTime) : currentTime,
    );
  }
  return unleashContext;
}
