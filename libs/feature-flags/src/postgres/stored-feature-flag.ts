import { type FlagDefinition, NotFoundError } from '@cqrs-ddd/core';

/** A flag definition as stored: global (no `tenantId`) or one tenant's override. */
export interface StoredFeatureFlag {
  readonly key: string;
  /** Tenant whose override this is; absent for a global flag. */
  readonly tenantId?: string;
  readonly definition: FlagDefinition;
  /** 1 when created, +1 per update; the `expectedVersion` of the next update. */
  readonly version: number;
  readonly updatedAt: Date;
  /** Principal id of the last writer, when known. */
  readonly updatedBy?: string;
}

/** A row of `feature_flags` as selected by {@link STORED_FLAG_COLUMNS}. */
export interface FeatureFlagRow {
  readonly tenant_id: string;
  readonly key: string;
  readonly definition: Omit<FlagDefinition, 'key'>;
  readonly version: number;
  readonly updated_at: string;
  readonly updated_by: string | null;
}

/** Columns of a {@link FeatureFlagRow}; `updated_at` as ISO 8601 text, whatever the driver. */
export const STORED_FLAG_COLUMNS = `tenant_id, key, definition, version,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated_at, updated_by`;

/** The tenant id column value of a scope: `''` is the global scope. */
export const tenantColumn = (tenantId: string | undefined): string => tenantId ?? '';

/** The {@link StoredFeatureFlag} of a row. */
export function storedFlagOf(row: FeatureFlagRow): StoredFeatureFlag {
  return {
    key: row.key,
    ...(row.tenant_id === '' ? {} : { tenantId: row.tenant_id }),
    definition: { ...row.definition, key: row.key } as FlagDefinition,
    version: Number(row.version),
    updatedAt: new Date(row.updated_at),
    ...(row.updated_by === null ? {} : { updatedBy: row.updated_by }),
  };
}

/** The JSON stored in `definition`: the definition without its key (the key is a column). */
export function definitionJson(definition: FlagDefinition): string {
  const { key: _key, ...rest } = definition;
  return JSON.stringify(rest);
}

/** The `NotFoundError` of a flag missing from a scope (`tenantId` `undefined`: global). */
export function flagNotFound(tenantId: string | undefined, key: string): NotFoundError {
  return new NotFoundError(tenantId === undefined ? 'Global feature flag' : 'Feature flag', key);
}
