import { randomBytes } from 'node:crypto';
import {
  Clock,
  IdGenerator,
  type Principal,
  SystemClock,
  UuidV7IdGenerator,
  ValidationError,
} from '@cqrs-ddd/core';
import { IdentityConfigurationError } from '../errors/identity-configuration.error.js';
import { authenticationFailed } from '../provider/authentication-failed.js';
import {
  identityTables,
  type IdentitySqlConnection,
  queryRows,
  timestampOf,
} from '../schema/identity-schema.js';
import {
  principalFieldIssues,
  principalFromRow,
  principalParams,
  type PrincipalRow,
} from '../schema/principal-columns.js';
import {
  type ApiKeyInfo,
  apiKeyHash,
  apiKeyIssues,
  MAX_API_KEY_LENGTH,
  MIN_API_KEY_LENGTH,
  type NewApiKey,
} from './api-key.js';

/** Options of {@link ApiKeyStore}. */
export interface ApiKeyStoreOptions {
  /** PostgreSQL schema of `identity_api_keys` (create it with `ensureIdentitySchema`). @default 'public' */
  readonly schema?: string;
  /**
   * Prefix of issued keys (`<prefix>_<43 base64url characters>`), so leaked keys are easy to
   * recognise (secret scanners): 1–16 of `a-z`, `0-9`.
   * @default 'ak'
   */
  readonly prefix?: string;
  /**
   * `last_used_at` is written at most once per this many seconds per key, so busy keys do not
   * turn every request into a row update.
   * @default 60
   */
  readonly lastUsedResolutionSeconds?: number;
  /** Time of expiries and timestamps. @default new SystemClock() */
  readonly clock?: Clock;
  /** Ids of new keys. @default new UuidV7IdGenerator() */
  readonly ids?: IdGenerator;
}

interface ApiKeyRow extends PrincipalRow {
  readonly id: string;
  readonly name: string;
  readonly created_at: Date | string;
  readonly expires_at: Date | string | null;
  readonly revoked_at: Date | string | null;
  readonly last_used_at: Date | string | null;
}

const COLUMNS = `id, name, principal_id, tenant_id, roles, attributes, created_at, expires_at,
  revoked_at, last_used_at`;
const PREFIX = /^[a-z0-9]{1,16}$/;

/**
 * API keys for service-to-service calls, in the `identity_api_keys` table. Only each key's
 * SHA-256 digest is stored — never the key — and keys are looked up by that digest: the one
 * comparison that depends on the secret is the index lookup of a digest, which tells a timing
 * observer nothing about any key (finding a key from its digest means inverting SHA-256). Keys
 * are high-entropy random strings, so a fast hash suffices (no password hashing).
 *
 * `issue` makes a random key (`<prefix>_` + 32 random bytes, base64url) and returns it once;
 * `register` imports a known key (at least 32 characters). Revoked, expired and unknown keys are
 * refused alike with one generic `UnauthenticatedError`.
 */
export class ApiKeyStore {
  private readonly table: string;
  private readonly prefix: string;
  private readonly lastUsedResolutionMs: number;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;

  /** @throws IdentityConfigurationError for an invalid schema name, prefix or resolution */
  constructor(
    private readonly connection: IdentitySqlConnection,
    options: ApiKeyStoreOptions = {},
  ) {
    this.table = identityTables(options.schema).apiKeys;
    this.prefix = options.prefix ?? 'ak';
    const resolution = options.lastUsedResolutionSeconds ?? 60;
    if (!PREFIX.test(this.prefix)) {
      throw new IdentityConfigurationError(
        `The API key prefix must be 1 to 16 of a-z and 0-9, got ${JSON.stringify(this.prefix)}.`,
      );
    }
    if (!Number.isFinite(resolution) || resolution < 0) {
      throw new IdentityConfigurationError(
        `lastUsedResolutionSeconds must be a non-negative number, got ${String(resolution)}.`,
      );
    }
    this.lastUsedResolutionMs = resolution * 1000;
    this.clock = options.clock ?? new SystemClock();
    this.ids = options.ids ?? new UuidV7IdGenerator();
  }

  /**
   * Issues a new random key. The key is returned here only: store it at the caller's side.
   * @throws ValidationError for an invalid field
   */
  async issue(input: NewApiKey): Promise<{ id: string; key: string }> {
    const key = `${this.prefix}_${randomBytes(32).toString('base64url')}`;
    const { id } = await this.register(key, input);
    return { id, key };
  }

  /**
   * Stores a known key (e.g. one provisioned by configuration) by its digest.
   * @throws ValidationError for a key shorter than 32 characters, one already stored, or an
   * invalid field
   */
  async register(key: string, input: NewApiKey): Promise<{ id: string }> {
    const issues = [...apiKeyIssues(input), ...principalFieldIssues(input)];
    if (
      typeof key !== 'string' ||
      key.length < MIN_API_KEY_LENGTH ||
      key.length > MAX_API_KEY_LENGTH
    ) {
      issues.unshift({
        path: 'key',
        message: `must be ${MIN_API_KEY_LENGTH} to ${MAX_API_KEY_LENGTH} characters long`,
        rule: 'length',
      });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    const id = this.ids.newId();
    const stored = await queryRows(
      this.connection,
      `INSERT INTO ${this.table} (id, name, key_hash, principal_id, tenant_id, roles, attributes,
         created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::timestamptz, ?::timestamptz)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        id,
        input.name,
        apiKeyHash(key),
        input.principalId,
        ...principalParams(input),
        this.clock.now().toISOString(),
        input.expiresAt?.toISOString() ?? null,
      ],
    );
    if (stored.length === 0) throw ValidationError.of('key', 'is already registered', 'unique');
    return { id };
  }

  /**
   * The principal of a valid key (`authMethod: 'api-key'`); records when the key was used.
   * @throws UnauthenticatedError (one generic message) for an unknown, revoked, expired or
   * malformed key
   */
  async verify(key: string): Promise<Principal> {
    if (typeof key !== 'string' || key === '' || key.length > MAX_API_KEY_LENGTH) {
      throw authenticationFailed();
    }
    const [row] = await queryRows<ApiKeyRow>(
      this.connection,
      `SELECT ${COLUMNS} FROM ${this.table} WHERE key_hash = ?`,
      [apiKeyHash(key)],
    );
    const now = this.clock.now();
    const expiresAt = row && timestampOf(row.expires_at);
    if (!row || row.revoked_at !== null || (expiresAt && expiresAt.getTime() <= now.getTime())) {
      throw authenticationFailed();
    }
    await queryRows(
      this.connection,
      `UPDATE ${this.table} SET last_used_at = ?::timestamptz
       WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?::timestamptz)`,
      [
        now.toISOString(),
        row.id,
        new Date(now.getTime() - this.lastUsedResolutionMs).toISOString(),
      ],
    );
    return principalFromRow(row, 'api-key');
  }

  /** Revokes a key for good; false when no unrevoked key has this id. */
  async revoke(id: string): Promise<boolean> {
    const revoked = await queryRows(
      this.connection,
      `UPDATE ${this.table} SET revoked_at = ?::timestamptz
       WHERE id = ? AND revoked_at IS NULL RETURNING id`,
      [this.clock.now().toISOString(), id],
    );
    return revoked.length > 0;
  }

  /**
   * The keys of `tenantId` (platform-level keys when it is absent) in creation order, revoked
   * and expired ones included — without keys or hashes.
   */
  async list(tenantId?: string): Promise<ApiKeyInfo[]> {
    const rows = await queryRows<ApiKeyRow>(
      this.connection,
      `SELECT ${COLUMNS} FROM ${this.table} WHERE coalesce(tenant_id, '') = ?
       ORDER BY created_at, id`,
      [tenantId ?? ''],
    );
    return rows.map(toInfo);
  }
}

function toInfo(row: ApiKeyRow): ApiKeyInfo {
  const { id: principalId, tenantId, roles, attributes } = principalFromRow(row, 'api-key');
  return {
    id: row.id,
    name: row.name,
    principalId,
    ...(tenantId === undefined ? {} : { tenantId }),
    roles,
    ...(attributes === undefined ? {} : { attributes }),
    createdAt: timestampOf(row.created_at),
    ...optionalDate('expiresAt', row.expires_at),
    ...optionalDate('revokedAt', row.revoked_at),
    ...optionalDate('lastUsedAt', row.last_used_at),
  };
}

function optionalDate<K extends string>(key: K, value: Date | string | null): { [P in K]?: Date } {
  const date = timestampOf(value);
  return (date === undefined ? {} : { [key]: date }) as { [P in K]?: Date };
}
