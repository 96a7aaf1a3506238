import type { TenantLabelOption } from '../module/observability.options.js';

/** Label value of tenants outside the `tenantLabel` allow-list. */
export const OTHER_TENANT = 'other';

/** The `tenant` label value of a tenant id (`''` without tenant). */
export type TenantLabeler = (tenantId: string | undefined) => string;

/**
 * How the `tenant` label is set under `option`, or `undefined` for `never` (no label at all):
 * `always` — the tenant id; an allow-list — the tenant id when listed, else `other`. Work
 * without a tenant is labelled `''` (Prometheus reads it as no label).
 */
export function tenantLabeler(option: TenantLabelOption): TenantLabeler | undefined {
  if (option === 'never') return undefined;
  if (option === 'always') return (tenantId) => tenantId ?? '';
  const allowed = new Set(option.tenants);
  return (tenantId) =>
    tenantId === undefined ? '' : allowed.has(tenantId) ? tenantId : OTHER_TENANT;
}
