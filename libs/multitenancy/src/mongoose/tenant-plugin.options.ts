import { currentRequestContext } from '@cqrs-ddd/core';
import { TenantRequiredError } from '../errors/tenant-required.error.js';

/** Options of {@link tenantPlugin}. */
export interface TenantPluginOptions {
  /**
   * Path of the tenant id in the documents. Added to the schema (a required, immutable
   * `String`) when the schema does not declare it.
   * @default 'tenantId'
   */
  readonly field?: string;
  /**
   * Puts the tenant field first in the schema's indexes declared so far (so `unique` becomes
   * unique per tenant and every tenant query can use them) and indexes the field when no index
   * starts with it. TTL, text, wildcard and `2d` indexes are left as they are.
   * @default true
   */
  readonly index?: boolean;
  /**
   * Returns the tenant of the current work.
   * @default () => currentRequestContext()?.tenantId (the request context of `@cqrs-ddd/core`)
   */
  readonly tenant?: () => string | undefined;
}

/**
 * Name of the query / aggregate / save / bulkWrite option that turns tenant scoping off for
 * one operation: `Model.find(filter, null, { skipTenant: true })`,
 * `query.setOptions({ skipTenant: true })` (for `updateOne` / `updateMany` / `replaceOne`,
 * whose option types mongoose keeps closed), `Model.aggregate(pipeline).option({ skipTenant:
 * true })`, `doc.save({ skipTenant: true })`, `Model.bulkWrite(ops, { skipTenant: true })`.
 * `insertMany` has none (mongoose does not pass its options to middleware).
 *
 * DANGEROUS: the operation then sees and changes every tenant's documents. Only for platform
 * jobs that work across tenants on purpose (migrations, platform reports), never with input a
 * tenant controls.
 */
export const SKIP_TENANT_OPTION = 'skipTenant';

declare module 'mongoose' {
  interface QueryOptions {
    /** DANGEROUS: runs this query for every tenant (see `SKIP_TENANT_OPTION`). */
    skipTenant?: boolean;
  }
  interface AggregateOptions {
    /** DANGEROUS: runs this aggregation over every tenant's documents (see `SKIP_TENANT_OPTION`). */
    skipTenant?: boolean;
  }
  interface SaveOptions {
    /** DANGEROUS: saves the document without checking its tenant (see `SKIP_TENANT_OPTION`). */
    skipTenant?: boolean;
  }
  interface MongooseBulkWriteOptions {
    /** DANGEROUS: runs the operations for every tenant (see `SKIP_TENANT_OPTION`). */
    skipTenant?: boolean;
  }
}

/** {@link TenantPluginOptions} with the defaults filled in. */
export interface ResolvedTenantPluginOptions {
  readonly field: string;
  readonly index: boolean;
  readonly tenant: () => string | undefined;
}

/** Fills in the defaults of {@link TenantPluginOptions}. */
export function resolveTenantPluginOptions(
  options: TenantPluginOptions = {},
): ResolvedTenantPluginOptions {
  return {
    field: options.field ?? 'tenantId',
    index: options.index ?? true,
    tenant: options.tenant ?? (() => currentRequestContext()?.tenantId),
  };
}

/** True when `options` turn tenant scoping off ({@link SKIP_TENANT_OPTION}). */
export function skipsTenant(options: unknown): boolean {
  return (
    typeof options === 'object' &&
    options !== null &&
    (options as Record<string, unknown>)[SKIP_TENANT_OPTION] === true
  );
}

/**
 * The current tenant.
 * @throws TenantRequiredError when there is none (nothing has run yet)
 */
export function requireTenant(options: ResolvedTenantPluginOptions, operation: string): string {
  const tenant = options.tenant();
  if (tenant === undefined || tenant === '') throw new TenantRequiredError(operation);
  return tenant;
}
