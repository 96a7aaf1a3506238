import { TenantIsolationError } from '../errors/tenant-isolation.error.js';
import { assignTenant, scopeFilter } from './tenant-filter.js';
import { scopeReplacement, scopeUpdate } from './tenant-update.js';

type Doc = Record<string, unknown>;

/**
 * Scopes every operation of a `Model.bulkWrite(ops)` call to `tenant`, in place (mongoose
 * hands the same array on to the driver): inserts get the tenant (or are rejected when they
 * name another), filters get the tenant condition, updates and replacements are checked like
 * single updates ({@link scopeUpdate}, {@link scopeReplacement}).
 * @throws TenantMismatchError, TenantIsolationError (before anything is written)
 */
export function scopeBulkWriteOps(ops: Doc[], field: string, tenant: string): void {
  const scoped = ops.map((op) => scopeOperation(op, field, tenant));
  scoped.forEach((op, index) => {
    ops[index] = op;
  });
}

function scopeOperation(op: Doc, field: string, tenant: string): Doc {
  const [kind] = Object.keys(op);
  const spec = op[kind] as Doc;
  switch (kind) {
    case 'insertOne': {
      // A mongoose document is changed through its setters; a plain object is copied.
      const given = spec.document as Doc;
      const document = typeof given?.set === 'function' ? given : { ...given };
      assignTenant(document, field, tenant);
      return { insertOne: { ...spec, document } };
    }
    case 'updateOne':
    case 'updateMany':
      return {
        [kind]: {
          ...spec,
          filter: scopeFilter(spec.filter as Doc, field, tenant),
          update: scopeUpdate(spec.update as Doc, field, tenant, spec.upsert === true),
        },
      };
    case 'replaceOne':
      return {
        replaceOne: {
          ...spec,
          filter: scopeFilter(spec.filter as Doc, field, tenant),
          replacement: scopeReplacement(spec.replacement as Doc, field, tenant),
        },
      };
    case 'deleteOne':
    case 'deleteMany':
      return { [kind]: { ...spec, filter: scopeFilter(spec.filter as Doc, field, tenant) } };
    default:
      throw new TenantIsolationError(`A bulkWrite operation "${kind}"`);
  }
}
