import type { IndexDefinition, IndexOptions, Schema } from 'mongoose';

/** Index key types that cannot (or should not) follow a tenant prefix. */
const UNPREFIXABLE_TYPES = new Set(['text', '2d', 'geoHaystack']);

/**
 * Rewrites the indexes `schema` declares so far (schema-level, path-level, and those of its
 * sub-documents) so that each starts with `field`: a unique index becomes unique per tenant
 * and every tenant-scoped query can use it. TTL (`expires` / `expireAfterSeconds`), text,
 * `2d` and wildcard indexes are kept as they are. Adds `{ [field]: 1 }` when no index starts
 * with `field` afterwards. Indexes declared after this call are not rewritten.
 */
export function prefixTenantIndexes(schema: Schema, field: string): void {
  const declared = schema.indexes() as [IndexDefinition, IndexOptions][];
  clearDeclaredIndexes(schema);
  for (const [keys, options] of declared) {
    schema.index(prefixable(keys, options, field) ? { [field]: 1, ...keys } : keys, options);
  }
  const covered = (schema.indexes() as [IndexDefinition, IndexOptions][]).some(
    ([keys]) => Object.keys(keys)[0] === field,
  );
  if (!covered) schema.index({ [field]: 1 });
}

/** True when `keys` can be prefixed with the tenant field. */
export function prefixable(
  keys: IndexDefinition,
  options: IndexOptions | undefined,
  field: string,
): boolean {
  const names = Object.keys(keys);
  if (names.length === 0 || names[0] === field) return false;
  if (options?.expireAfterSeconds !== undefined || options?.expires !== undefined) return false;
  if (names.some((name) => name === '$**' || name.endsWith('.$**'))) return false;
  return !Object.values(keys).some(
    (type) => typeof type === 'string' && UNPREFIXABLE_TYPES.has(type),
  );
}

/** Removes every index `schema.indexes()` reports, so they can be declared again. */
function clearDeclaredIndexes(schema: Schema): void {
  schema.clearIndexes();
  schema.eachPath((_path, type) => {
    const schemaType = type as unknown as {
      _index?: unknown;
      index(options: unknown): unknown;
      schema?: Schema;
      options: Record<string, unknown>;
    };
    if (
      schemaType._index !== undefined &&
      schemaType._index !== null &&
      schemaType._index !== false
    ) {
      schemaType.index(false);
    }
    // Sub-document indexes were collected (with their path prefix) above: keep mongoose from
    // collecting them again, without changing the sub-schema other schemas may share.
    if (schemaType.schema !== undefined) schemaType.options.excludeIndexes = true;
  });
}
