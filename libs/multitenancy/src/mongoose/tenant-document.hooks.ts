import type { HydratedDocument, Model, SaveOptions, Schema } from 'mongoose';
import { assignTenant } from './tenant-filter.js';
import {
  requireTenant,
  type ResolvedTenantPluginOptions,
  skipsTenant,
} from './tenant-plugin.options.js';

type Doc = Record<string, unknown>;

/**
 * Document middleware of {@link tenantPlugin}: a saved document gets the tenant (or is refused
 * when it names another: `TenantMismatchError`; without a tenant: `TenantRequiredError`),
 * unless saved with `{ skipTenant: true }`.
 */
export function addDocumentHooks(schema: Schema, options: ResolvedTenantPluginOptions): void {
  const { field } = options;
  // mongoose validates before it runs the `save` middleware: check (and fill in) the tenant
  // before validation when the validation is part of a save, so a missing tenant is a
  // TenantRequiredError rather than a "required" validation error.
  schema.pre('validate', function (this: HydratedDocument<Doc>) {
    const saveOptions = savingWith(this);
    if (saveOptions !== undefined) {
      checkDocumentTenant(this, saveOptions, options);
      return;
    }
    const tenant = options.tenant();
    if (this.isNew && tenant && this.get(field) == null) this.set(field, tenant);
  });
  // Again at save: `validateBeforeSave: false` skips the hook above.
  schema.pre('save', function (this: HydratedDocument<Doc>, saveOptions?: SaveOptions) {
    checkDocumentTenant(this, saveOptions, options);
  });
}

function checkDocumentTenant(
  doc: HydratedDocument<Doc>,
  saveOptions: SaveOptions | undefined,
  options: ResolvedTenantPluginOptions,
): void {
  if (skipsTenant(saveOptions)) return;
  const name = (doc.constructor as Model<Doc>).modelName;
  assignTenant(doc, options.field, requireTenant(options, `Saving a ${name}`));
}

/** The options of the `save()` call `doc` is in, or `undefined` outside a save (mongoose internals). */
function savingWith(doc: HydratedDocument<Doc>): SaveOptions | undefined {
  const state = (doc as unknown as { $__?: { saveOptions?: SaveOptions | null } }).$__;
  return state?.saveOptions ?? undefined;
}
