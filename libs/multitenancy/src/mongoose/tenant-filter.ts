import { TenantMismatchError } from '../errors/tenant-mismatch.error.js';

type Doc = Record<string, unknown>;

/**
 * `filter` limited to `tenant`: the condition `{ [field]: tenant }` is appended to the filter's
 * `$and` (the other top-level keys stay where they are, so upserts still take their equality
 * values from them). A filter that names another tenant then matches nothing.
 */
export function scopeFilter(filter: Doc | null | undefined, field: string, tenant: string): Doc {
  const condition = { [field]: tenant };
  const base: Doc = { ...(filter ?? {}) };
  if (base.$and === undefined) return { ...base, $and: [condition] };
  if (Array.isArray(base.$and)) return { ...base, $and: [...base.$and, condition] };
  return { $and: [base, condition] };
}

/**
 * Sets the tenant field of a document about to be inserted (a plain object or a mongoose
 * document, through `get`/`set` when it has them).
 * @throws TenantMismatchError when the document names another tenant
 */
export function assignTenant(doc: unknown, field: string, tenant: string): void {
  if (typeof doc !== 'object' || doc === null) return;
  const target = doc as {
    get?: (path: string) => unknown;
    set?: (path: string, value: unknown) => unknown;
  } & Doc;
  const hasAccessors = typeof target.get === 'function' && typeof target.set === 'function';
  const current = hasAccessors ? target.get!(field) : readPath(target, field);
  if (current === undefined || current === null) {
    if (hasAccessors) target.set!(field, tenant);
    else writePath(target, field, tenant);
    return;
  }
  if (current !== tenant) throw new TenantMismatchError(tenant, String(current));
}

/** The value at a dotted `path` of `doc`, or `undefined`. */
export function readPath(doc: unknown, path: string): unknown {
  if (typeof doc === 'object' && doc !== null && path in doc) return (doc as Doc)[path];
  let value: unknown = doc;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Doc)[key];
  }
  return value;
}

function writePath(doc: Doc, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = doc;
  for (const key of keys.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Doc;
  }
  target[keys[keys.length - 1]] = value;
}
