import mongoose, {
  type Aggregate,
  type AnyBulkWriteOperation,
  type Model,
  type MongooseQueryMiddleware,
  type PipelineStage,
  type Query,
  type Schema,
} from 'mongoose';
import { scopeBulkWriteOps } from './tenant-bulk-write.js';
import { addDocumentHooks } from './tenant-document.hooks.js';
import { assignTenant, scopeFilter } from './tenant-filter.js';
import { prefixTenantIndexes } from './tenant-indexes.js';
import { scopePipeline, type TenantScopedCollections } from './tenant-pipeline.js';
import {
  requireTenant,
  resolveTenantPluginOptions,
  type ResolvedTenantPluginOptions,
  skipsTenant,
  type TenantPluginOptions,
} from './tenant-plugin.options.js';
import { scopeReplacement, scopeUpdate } from './tenant-update.js';

type Doc = Record<string, unknown>;
type AnyQuery = Query<unknown, unknown> & { op?: string };

/** Query middleware that gets the tenant condition. */
const QUERY_OPS: MongooseQueryMiddleware[] = [
  'find',
  'findOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'countDocuments',
  'distinct',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
];
const UPDATE_OPS = new Set(['findOneAndUpdate', 'updateOne', 'updateMany']);
const REPLACE_OPS = new Set(['findOneAndReplace', 'replaceOne']);

/** Tenant field of every schema the plugin was applied to. */
const tenantFields = new WeakMap<Schema, string>();
/** Sub-document schemas of tenant-scoped schemas: a global plugin skips them. */
const subSchemas = new WeakSet<Schema>();

/**
 * Mongoose plugin that keeps every document of the schema's models inside the current tenant
 * (the request context's tenant by default):
 * - adds the tenant field (`tenantId`: required, immutable) when the schema lacks it, and puts
 *   it first in the schema's indexes declared so far (apply the plugin after `schema.index()`);
 * - `save` / `create` / `insertMany` / `bulkWrite` inserts get the tenant, and documents that
 *   name another tenant are rejected (`TenantMismatchError`);
 * - every query (`find`, `findOne`, `findOneAnd*`, `countDocuments`, `distinct`, `updateOne`,
 *   `updateMany`, `replaceOne`, `deleteOne`, `deleteMany`), every `bulkWrite` operation and
 *   every `aggregate` only sees the tenant's documents; `estimatedDocumentCount` is answered
 *   with a tenant-scoped `countDocuments`;
 * - updates cannot move a document to another tenant; upserts insert for the tenant.
 * Without a tenant all of these throw `TenantRequiredError` and nothing runs.
 *
 * Opt-out for platform jobs: the `skipTenant: true` option ({@link SKIP_TENANT_OPTION}) —
 * dangerous, the operation then spans every tenant.
 *
 * Not covered: `Model.collection` (the raw driver), `Model.watch()`, and calls with mongoose's
 * own `{ middleware: false }` option, which skips all middleware including this one.
 *
 * ```ts
 * const OrderSchema = new Schema({ number: String });
 * OrderSchema.index({ number: 1 }, { unique: true }); // becomes { tenantId: 1, number: 1 }
 * OrderSchema.plugin(tenantPlugin);
 * ```
 */
export function tenantPlugin(schema: Schema, options?: TenantPluginOptions): void {
  if (tenantFields.has(schema) || subSchemas.has(schema)) return;
  const resolved = resolveTenantPluginOptions(options);
  const { field } = resolved;
  tenantFields.set(schema, field);
  for (const child of schema.childSchemas) subSchemas.add(child.schema);
  if (!schema.path(field)) {
    schema.add({ [field]: { type: String, required: true, immutable: true } });
  }
  if (resolved.index) prefixTenantIndexes(schema, field);
  addDocumentHooks(schema, resolved);
  addQueryHooks(schema, resolved);
  addModelHooks(schema, resolved);
}

/**
 * The tenant field of a schema {@link tenantPlugin} was applied to (also of its clones), or
 * `undefined` when the schema is not tenant-scoped.
 */
export function tenantFieldOf(schema: Schema): string | undefined {
  const field = tenantFields.get(schema);
  if (field !== undefined) return field;
  const { plugins } = schema as unknown as { plugins?: { fn: unknown; opts?: unknown }[] };
  const plugged = plugins?.find((plugin) => plugin.fn === tenantPlugin);
  if (plugged === undefined) return undefined;
  return (plugged.opts as TenantPluginOptions | undefined)?.field ?? 'tenantId';
}

function addQueryHooks(schema: Schema, options: ResolvedTenantPluginOptions): void {
  const { field } = options;
  schema.pre(QUERY_OPS, { document: false, query: true }, function (this: AnyQuery) {
    const queryOptions = this.getOptions();
    if (skipsTenant(queryOptions)) return;
    const tenant = requireTenant(options, `${this.model.modelName}.${this.op}`);
    this.setQuery(scopeFilter(this.getFilter() as Doc, field, tenant));
    const update = this.getUpdate() as Doc | Doc[] | null;
    if (UPDATE_OPS.has(this.op ?? '')) {
      this.setUpdate(scopeUpdate(update, field, tenant, queryOptions.upsert === true));
    } else if (REPLACE_OPS.has(this.op ?? '')) {
      this.setUpdate(scopeReplacement(update as Doc | null, field, tenant));
    }
  });
  // The collection's metadata count spans every tenant: answer with the tenant's count.
  schema.pre(
    'estimatedDocumentCount',
    { document: false, query: true },
    async function (this: AnyQuery) {
      const queryOptions = this.getOptions();
      if (skipsTenant(queryOptions)) return;
      requireTenant(options, `${this.model.modelName}.estimatedDocumentCount`);
      const { session, maxTimeMS, comment } = queryOptions;
      const count = await this.model.countDocuments(
        {},
        { session: session ?? undefined, maxTimeMS, comment },
      );
      // Kareem's way to answer in place of the wrapped function: throw the result.
      throw mongoose.skipMiddlewareFunction(count);
    },
  );
}

function addModelHooks(schema: Schema, options: ResolvedTenantPluginOptions): void {
  const { field } = options;
  // mongoose does not hand insertMany's options to its middleware: no opt-out here.
  schema.pre('insertMany', function (this: Model<Doc>, docs: unknown) {
    const tenant = requireTenant(options, `${this.modelName}.insertMany`);
    for (const doc of Array.isArray(docs) ? docs : [docs]) assignTenant(doc, field, tenant);
  });
  schema.pre(
    'bulkWrite',
    function (this: Model<Doc>, ops: AnyBulkWriteOperation<Doc>[], bulkOptions?: unknown) {
      if (skipsTenant(bulkOptions)) return;
      const tenant = requireTenant(options, `${this.modelName}.bulkWrite`);
      scopeBulkWriteOps(ops as unknown as Doc[], field, tenant);
    },
  );
  schema.pre('aggregate', function (this: Aggregate<unknown>) {
    if (skipsTenant(this.options)) return;
    const model = this.model();
    const tenant = requireTenant(options, `${model.modelName}.aggregate`);
    const pipeline = this.pipeline();
    const scoped = scopePipeline(
      pipeline as unknown as Doc[],
      field,
      tenant,
      scopedCollections(model),
    );
    pipeline.splice(0, pipeline.length, ...(scoped as unknown as PipelineStage[]));
  });
}

/** Tenant-scoped collections of `model`'s connection, for joins inside aggregations. */
function scopedCollections(model: Model<Doc>): TenantScopedCollections {
  return (collection) => {
    const target = Object.values(model.db.models).find(
      (candidate) => candidate.collection.collectionName === collection,
    );
    return target === undefined ? undefined : tenantFieldOf(target.schema);
  };
}
