import { TenantIsolationError } from '../errors/tenant-isolation.error.js';
import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';
import { assignTenant, readPath } from './tenant-filter.js';

type Doc = Record<string, unknown>;

/** Update operators that assign values (`$set`-like): the tenant may only be set to itself. */
const ASSIGNING = new Set(['$set', '$setOnInsert']);

/**
 * `update` (an update document or an aggregation-pipeline update) made safe for `tenant`:
 * - assignments of the tenant field to the tenant itself are dropped, to another tenant
 *   rejected (`TenantMismatchError`); any other operator on the field (`$unset`, `$rename`,
 *   `$inc`...) is rejected (`TenantIsolationError`);
 * - an upsert gets `$setOnInsert: { [field]: tenant }`, so an inserted document belongs to
 *   the tenant;
 * - a pipeline update gets a last `$set` stage of the tenant field, so no stage can move a
 *   document to another tenant (and an upsert inserts it for the tenant).
 * Top-level keys without `$` are what mongoose treats as `$set`.
 */
export function scopeUpdate(
  update: Doc | Doc[] | null | undefined,
  field: string,
  tenant: string,
  upsert = false,
): Doc | Doc[] {
  if (Array.isArray(update)) return [...update, { $set: { [field]: tenant } }];
  const scoped: Doc = {};
  const plain: Doc = {};
  for (const [key, value] of Object.entries(update ?? {})) {
    if (!key.startsWith('$')) plain[key] = value;
    else if (ASSIGNING.has(key)) scoped[key] = withoutTenantAssignment(value as Doc, field, tenant);
    else {
      rejectTouching(key, value as Doc, field);
      scoped[key] = value;
    }
  }
  Object.assign(scoped, withoutTenantAssignment(plain, field, tenant));
  if (upsert) {
    scoped.$setOnInsert = { ...(scoped.$setOnInsert as Doc | undefined), [field]: tenant };
  }
  for (const key of ['$set', '$setOnInsert']) {
    if (scoped[key] !== undefined && Object.keys(scoped[key] as Doc).length === 0) {
      delete scoped[key];
    }
  }
  return scoped;
}

/**
 * A replacement document (`replaceOne`, `findOneAndReplace`) for `tenant`: its tenant field is
 * set when missing.
 * @throws TenantMismatchError when it names another tenant
 */
export function scopeReplacement(
  replacement: Doc | null | undefined,
  field: string,
  tenant: string,
): Doc {
  const scoped: Doc = { ...(replacement ?? {}) };
  assignTenant(scoped, field, tenant);
  return scoped;
}

function withoutTenantAssignment(assignments: Doc, field: string, tenant: string): Doc {
  const kept: Doc = {};
  for (const [path, value] of Object.entries(assignments ?? {})) {
    if (path === field) {
      if (value !== tenant) throw new TenantMismatchError(tenant, String(value));
      continue;
    }
    if (path.startsWith(`${field}.`)) {
      throw new TenantIsolationError(`An update of "${path}" inside the tenant field "${field}"`);
    }
    if (field.startsWith(`${path}.`)) {
      const nested = readPath(value, field.slice(path.length + 1));
      if (nested === undefined) {
        throw new TenantIsolationError(
          `An update that replaces "${path}" without the tenant field "${field}"`,
        );
      }
      if (nested !== tenant) throw new TenantMismatchError(tenant, String(nested));
    }
    kept[path] = value;
  }
  return kept;
}

function rejectTouching(operator: string, paths: Doc, field: string): void {
  if (typeof paths !== 'object' || paths === null) return;
  for (const [path, value] of Object.entries(paths)) {
    const targets = operator === '$rename' && typeof value === 'string' ? [path, value] : [path];
    for (const target of targets) {
      if (target === field || target.startsWith(`${field}.`) || field.startsWith(`${target}.`)) {
        throw new TenantIsolationError(`An update with ${operator} on the tenant field "${field}"`);
      }
    }
  }
}
