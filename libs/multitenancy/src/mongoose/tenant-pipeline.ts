import { TenantIsolationError } from '../errors/tenant-isolation.error.js';
import { scopeFilter } from './tenant-filter.js';

type Stage = Record<string, unknown>;

/**
 * Tenant field of the tenant-scoped collection named `collection` (same database), or
 * `undefined` when that collection is not tenant-scoped. Lets {@link scopePipeline} scope
 * `$lookup`, `$graphLookup` and `$unionWith` into other tenant-scoped collections.
 */
export type TenantScopedCollections = (collection: string) => string | undefined;

/** Search stages that must come first: the tenant `$match` goes right after them. */
const SEARCH_STAGES = new Set(['$search', '$vectorSearch']);

/** Stages that must come first and cannot be limited to a tenant. */
const UNSCOPABLE_FIRST_STAGES = new Set([
  '$searchMeta',
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$listSearchIndexes',
  '$planCacheStats',
  '$changeStream',
  '$documents',
  '$querySettings',
]);

/**
 * `pipeline` limited to `tenant`'s documents of the collection it runs on:
 * - a `{ $match: { [field]: tenant } }` stage goes first, or right after a first `$search` /
 *   `$vectorSearch` stage (a `$vectorSearch` may then return fewer than its `limit`);
 * - a first `$geoNear` gets the condition in its `query` instead (it must stay first);
 * - `$lookup` / `$graphLookup` / `$unionWith` stages (also nested in `$lookup` / `$unionWith`
 *   / `$facet` sub-pipelines) into collections `scoped` knows get the condition on the joined
 *   collection's own tenant field.
 * @throws TenantIsolationError for a first stage that cannot be scoped (`$searchMeta`,
 *   `$collStats`, `$changeStream`...)
 */
export function scopePipeline(
  pipeline: readonly Stage[],
  field: string,
  tenant: string,
  scoped: TenantScopedCollections = () => undefined,
): Stage[] {
  const stages = scopeJoins(pipeline, tenant, scoped);
  const match = { $match: { [field]: tenant } };
  const first = stages[0];
  const firstName = first === undefined ? undefined : stageName(first);
  if (firstName === '$geoNear') {
    const geoNear = first.$geoNear as Stage;
    const query = scopeFilter(geoNear.query as Stage | undefined, field, tenant);
    return [{ $geoNear: { ...geoNear, query } }, ...stages.slice(1)];
  }
  if (firstName !== undefined && SEARCH_STAGES.has(firstName)) {
    return [first, match, ...stages.slice(1)];
  }
  if (firstName !== undefined && UNSCOPABLE_FIRST_STAGES.has(firstName)) {
    throw new TenantIsolationError(`An aggregation starting with ${firstName}`);
  }
  return [match, ...stages];
}

function scopeJoins(
  pipeline: readonly Stage[],
  tenant: string,
  scoped: TenantScopedCollections,
): Stage[] {
  return pipeline.map((stage) => {
    const name = stageName(stage);
    const spec = stage[name as string] as Stage;
    switch (name) {
      case '$lookup':
        return { $lookup: scopeLookup(spec, tenant, scoped) };
      case '$unionWith':
        return { $unionWith: scopeUnionWith(spec, tenant, scoped) };
      case '$graphLookup': {
        const field = scoped(spec.from as string);
        if (field === undefined) return stage;
        const restrict = scopeFilter(
          spec.restrictSearchWithMatch as Stage | undefined,
          field,
          tenant,
        );
        return { $graphLookup: { ...spec, restrictSearchWithMatch: restrict } };
      }
      case '$facet':
        return {
          $facet: Object.fromEntries(
            Object.entries(spec).map(([key, sub]) => [
              key,
              scopeJoins(sub as Stage[], tenant, scoped),
            ]),
          ),
        };
      default:
        return stage;
    }
  });
}

function scopeLookup(spec: Stage, tenant: string, scoped: TenantScopedCollections): Stage {
  const inner = (spec.pipeline as Stage[] | undefined) ?? [];
  const field = typeof spec.from === 'string' ? scoped(spec.from) : undefined;
  const pipeline =
    field === undefined
      ? scopeJoins(inner, tenant, scoped)
      : [{ $match: { [field]: tenant } }, ...scopeJoins(inner, tenant, scoped)];
  if (spec.pipeline === undefined && field === undefined) return spec;
  return { ...spec, pipeline };
}

function scopeUnionWith(
  spec: Stage | string,
  tenant: string,
  scoped: TenantScopedCollections,
): Stage | string {
  const normalized: Stage = typeof spec === 'string' ? { coll: spec } : spec;
  const field = typeof normalized.coll === 'string' ? scoped(normalized.coll) : undefined;
  const inner = (normalized.pipeline as Stage[] | undefined) ?? [];
  if (field === undefined && normalized.pipeline === undefined) return spec;
  const pipeline = scopeJoins(inner, tenant, scoped);
  return {
    ...normalized,
    pipeline: field === undefined ? pipeline : [{ $match: { [field]: tenant } }, ...pipeline],
  };
}

function stageName(stage: Stage): string | undefined {
  return Object.keys(stage)[0];
}
