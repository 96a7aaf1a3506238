import {
  ConcurrencyError,
  type FlagDefinition,
  validateFlagDefinition,
  ValidationError,
} from '@cqrs-ddd/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { featureFlagTables, type FeatureFlagTables } from './feature-flags-schema.js';
import {
  definitionJson,
  type FeatureFlagRow,
  flagNotFound,
  STORED_FLAG_COLUMNS,
  type StoredFeatureFlag,
  storedFlagOf,
  tenantColumn,
} from './stored-feature-flag.js';

/** Who writes: recorded in `updated_by`. */
export interface FeatureFlagWriter {
  /** Principal id of the writer. @default undefined (not recorded) */
  readonly updatedBy?: string;
}

const resourceOf = (key: string) => `feature-flag:${key}`;

/**
 * Reads and writes rows of the `feature_flags` table (create it with
 * `ensureFeatureFlagsSchema`). A scope is a tenant id, or `undefined` for the global flags.
 * Every write runs in the caller's active MikroORM transaction when there is one (else in its
 * own), checks the row's `version` (optimistic concurrency) and `NOTIFY`s the table's channel
 * in the same transaction, so every `PostgresFeatureFlagProvider` reloads once it commits.
 */
export class PostgresFeatureFlagStore {
  /** Quoted names and channel of the table. */
  readonly tables: FeatureFlagTables;

  /** @throws FeatureFlagsConfigurationError for an invalid schema name */
  constructor(
    private readonly em: EntityManager,
    options: { readonly schema?: string } = {},
  ) {
    this.tables = featureFlagTables(options.schema);
  }

  /** Runs `work` in a transaction (joining the caller's, if any): writes and audit commit together. */
  transactional<T>(work: () => Promise<T>): Promise<T> {
    return this.em.transactional(() => work());
  }

  /** Every row, global and per tenant. */
  async loadAll(): Promise<StoredFeatureFlag[]> {
    const rows = await this.rows(`SELECT ${STORED_FLAG_COLUMNS} FROM ${this.tables.flags}`, []);
    return rows.map(storedFlagOf);
  }

  /** The flags of one scope, by key. */
  async list(tenantId: string | undefined): Promise<StoredFeatureFlag[]> {
    const rows = await this.rows(
      `SELECT ${STORED_FLAG_COLUMNS} FROM ${this.tables.flags} WHERE tenant_id = ? ORDER BY key`,
      [tenantColumn(tenantId)],
    );
    return rows.map(storedFlagOf);
  }

  /** One flag of one scope, if stored. */
  async get(tenantId: string | undefined, key: string): Promise<StoredFeatureFlag | undefined> {
    const [row] = await this.rows(
      `SELECT ${STORED_FLAG_COLUMNS} FROM ${this.tables.flags} WHERE tenant_id = ? AND key = ?`,
      [tenantColumn(tenantId), key],
    );
    return row && storedFlagOf(row);
  }

  /**
   * Stores a new flag (version 1).
   * @throws ValidationError for an invalid definition
   * @throws ConcurrencyError when the scope already has a flag with this key
   */
  async create(
    tenantId: string | undefined,
    definition: FlagDefinition,
    writer: FeatureFlagWriter = {},
  ): Promise<StoredFeatureFlag> {
    assertValid(definition);
    return this.em.transactional(async () => {
      const [row] = await this.rows(
        `INSERT INTO ${this.tables.flags} (tenant_id, key, definition, version, updated_by)
         VALUES (?, ?, ?::jsonb, 1, ?) ON CONFLICT DO NOTHING RETURNING ${STORED_FLAG_COLUMNS}`,
        [
          tenantColumn(tenantId),
          definition.key,
          definitionJson(definition),
          writer.updatedBy ?? null,
        ],
      );
      if (!row) {
        const actual = await this.versionOf(tenantId, definition.key);
        throw new ConcurrencyError(resourceOf(definition.key), 'no_stream', actual ?? 0);
      }
      await this.notify();
      return storedFlagOf(row);
    });
  }

  /**
   * Replaces a flag's definition if its version is still `expectedVersion`.
   * @throws ValidationError for an invalid definition
   * @throws NotFoundError when the scope has no such flag
   * @throws ConcurrencyError when the flag changed since `expectedVersion`
   */
  async update(
    tenantId: string | undefined,
    definition: FlagDefinition,
    expectedVersion: number,
    writer: FeatureFlagWriter = {},
  ): Promise<StoredFeatureFlag> {
    assertValid(definition);
    return this.em.transactional(async () => {
      const [row] = await this.rows(
        `UPDATE ${this.tables.flags}
         SET definition = ?::jsonb, version = version + 1, updated_at = now(), updated_by = ?
         WHERE tenant_id = ? AND key = ? AND version = ? RETURNING ${STORED_FLAG_COLUMNS}`,
        [
          definitionJson(definition),
          writer.updatedBy ?? null,
          tenantColumn(tenantId),
          definition.key,
          expectedVersion,
        ],
      );
      if (!row) await this.explainMiss(tenantId, definition.key, expectedVersion);
      await this.notify();
      return storedFlagOf(row!);
    });
  }

  /**
   * Deletes a flag (then a tenant falls back to the global flag, and a global flag is off).
   * @param expectedVersion checked when given
   * @returns the deleted flag
   * @throws NotFoundError when the scope has no such flag
   * @throws ConcurrencyError when the flag changed since `expectedVersion`
   */
  async remove(
    tenantId: string | undefined,
    key: string,
    expectedVersion?: number,
  ): Promise<StoredFeatureFlag> {
    return this.em.transactional(async () => {
      const [row] = await this.rows(
        `DELETE FROM ${this.tables.flags}
         WHERE tenant_id = ? AND key = ? AND (?::integer IS NULL OR version = ?::integer)
         RETURNING ${STORED_FLAG_COLUMNS}`,
        [tenantColumn(tenantId), key, expectedVersion ?? null, expectedVersion ?? null],
      );
      if (!row) await this.explainMiss(tenantId, key, expectedVersion);
      await this.notify();
      return storedFlagOf(row!);
    });
  }

  /**
   * Stores each definition as a global flag unless the key already exists (existing rows,
   * possibly edited since, are kept).
   * @returns the keys inserted
   * @throws ValidationError for an invalid definition (nothing is stored)
   */
  async seed(
    definitions: readonly FlagDefinition[],
    writer: FeatureFlagWriter = {},
  ): Promise<string[]> {
    definitions.forEach(assertValid);
    if (definitions.length === 0) return [];
    return this.em.transactional(async () => {
      const inserted: string[] = [];
      for (const definition of definitions) {
        const rows = await this.rows<{ key: string }>(
          `INSERT INTO ${this.tables.flags} (tenant_id, key, definition, version, updated_by)
           VALUES ('', ?, ?::jsonb, 1, ?) ON CONFLICT DO NOTHING RETURNING key`,
          [definition.key, definitionJson(definition), writer.updatedBy ?? null],
        );
        inserted.push(...rows.map((row) => row.key));
      }
      if (inserted.length > 0) await this.notify();
      return inserted;
    });
  }

  private async explainMiss(
    tenantId: string | undefined,
    key: string,
    expectedVersion: number | undefined,
  ): Promise<never> {
    const actual = await this.versionOf(tenantId, key);
    if (actual === undefined) throw flagNotFound(tenantId, key);
    throw new ConcurrencyError(resourceOf(key), expectedVersion ?? 'any', actual);
  }

  private async versionOf(tenantId: string | undefined, key: string): Promise<number | undefined> {
    const [row] = await this.rows<{ version: number }>(
      `SELECT version FROM ${this.tables.flags} WHERE tenant_id = ? AND key = ?`,
      [tenantColumn(tenantId), key],
    );
    return row && Number(row.version);
  }

  private async notify(): Promise<void> {
    await this.em.execute('SELECT pg_notify(?, ?)', [this.tables.channel, '']);
  }

  private async rows<T = FeatureFlagRow>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.em.execute(sql, params)) as T[];
  }
}

function assertValid(definition: FlagDefinition): void {
  const issues = validateFlagDefinition(definition);
  if (issues.length > 0) throw new ValidationError(issues);
}
