import { ValidationError, type ValidationIssue } from '@cqrs-ddd/core';
import { InvalidTenantIdError } from '../errors/invalid-tenant-id.error.js';
import type { NewTenant, TenantIsolation, TenantPatch, TenantStatus } from './tenant.js';

const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Most characters a tenant's display name may have. */
export const TENANT_NAME_MAX_LENGTH = 200;
/** Most characters a database-tier tenant's `databaseUrl` may have. */
export const TENANT_DATABASE_URL_MAX_LENGTH = 2048;
/** The isolation tiers, in order of strength. */
export const TENANT_ISOLATIONS: readonly TenantIsolation[] = ['shared', 'schema', 'database'];
/** The tenant statuses. */
export const TENANT_STATUSES: readonly TenantStatus[] = ['active', 'suspended'];

/** True when `id` is a well-formed tenant id: 1-63 of `a-z`, `0-9`, `-`, not starting with `-`. */
export function isValidTenantId(id: unknown): id is string {
  return typeof id === 'string' && TENANT_ID.test(id);
}

/**
 * Asserts that `id` is a well-formed tenant id.
 * @throws InvalidTenantIdError otherwise
 */
export function assertTenantId(id: unknown): asserts id is string {
  if (!isValidTenantId(id)) throw new InvalidTenantIdError(String(id));
}

/**
 * True when `name` may be a tenant's own PostgreSQL schema: a lower-case identifier of at most
 * 63 characters that is not `public`, `information_schema` or a `pg_` system schema.
 */
export function isValidTenantSchemaName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    SQL_IDENTIFIER.test(name) &&
    name !== 'public' &&
    name !== 'information_schema' &&
    !name.startsWith('pg_')
  );
}

/**
 * Asserts that `tenant` can be registered, so both registry adapters accept exactly the same
 * input: a well-formed id, a non-empty name, a known tier and status, and the tier's location
 * (`schema` for the `schema` tier, `databaseUrl` for the `database` tier; neither otherwise).
 * Fields a {@link NewTenant} does not have are ignored.
 * @throws InvalidTenantIdError when the id is not well formed (checked first)
 * @throws ValidationError (core) listing every other invalid field
 */
export function assertNewTenant(tenant: unknown): asserts tenant is NewTenant {
  if (typeof tenant !== 'object' || tenant === null || Array.isArray(tenant)) {
    throw ValidationError.of('', 'a tenant must be an object', 'isObject');
  }
  const input = tenant as Record<string, unknown>;
  assertTenantId(input.id);
  const issues: ValidationIssue[] = [...nameIssues(input.name)];
  if (input.status !== undefined) issues.push(...statusIssues('status', input.status));
  const isolation = input.isolation;
  if (!TENANT_ISOLATIONS.includes(isolation as TenantIsolation)) {
    issues.push({
      path: 'isolation',
      message: `must be one of ${TENANT_ISOLATIONS.map((t) => `'${t}'`).join(', ')}`,
      rule: 'isIn',
    });
  } else {
    issues.push(...tierIssues(isolation as TenantIsolation, input.schema, input.databaseUrl));
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

const FIXED_FIELDS = ['id', 'isolation', 'schema', 'databaseUrl', 'createdAt', 'updatedAt'];

/**
 * Asserts that `patch` is a valid {@link TenantPatch}: only `name` and `status`, each valid when
 * present. The id, tier and location of a tenant are fixed at provisioning.
 * @throws ValidationError (core) listing every invalid field
 */
export function assertTenantPatch(patch: unknown): asserts patch is TenantPatch {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw ValidationError.of('', 'a tenant patch must be an object', 'isObject');
  }
  const issues: ValidationIssue[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (key === 'name') issues.push(...nameIssues(value));
    else if (key === 'status') issues.push(...statusIssues('status', value));
    else if (FIXED_FIELDS.includes(key)) {
      issues.push({ path: key, message: 'cannot be changed after provisioning', rule: 'readOnly' });
    } else issues.push({ path: key, message: 'is not a tenant field', rule: 'unknownField' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * Asserts that `filter` is a valid filter of {@link TenantRegistry.list}.
 * @throws ValidationError (core) when its status is not a tenant status
 */
export function assertTenantListFilter(
  filter: unknown,
): asserts filter is { readonly status?: TenantStatus } | undefined {
  if (filter === undefined) return;
  if (typeof filter !== 'object' || filter === null) {
    throw ValidationError.of('', 'the filter must be an object', 'isObject');
  }
  const status = (filter as { status?: unknown }).status;
  const issues = status === undefined ? [] : statusIssues('status', status);
  if (issues.length > 0) throw new ValidationError(issues);
}

function nameIssues(name: unknown): ValidationIssue[] {
  if (typeof name !== 'string' || name.trim() === '') {
    return [{ path: 'name', message: 'must be a non-empty string', rule: 'isNotEmpty' }];
  }
  if (name.length > TENANT_NAME_MAX_LENGTH) {
    const message = `must be at most ${TENANT_NAME_MAX_LENGTH} characters`;
    return [{ path: 'name', message, rule: 'maxLength' }];
  }
  if (hasControlCharacter(name)) {
    const message = 'must not contain control characters';
    return [{ path: 'name', message, rule: 'noControlCharacters' }];
  }
  return [];
}

function statusIssues(path: string, status: unknown): ValidationIssue[] {
  if (TENANT_STATUSES.includes(status as TenantStatus)) return [];
  return [{ path, message: "must be 'active' or 'suspended'", rule: 'isIn' }];
}

function tierIssues(
  isolation: TenantIsolation,
  schema: unknown,
  databaseUrl: unknown,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (isolation === 'schema') {
    if (schema == null) {
      const message = "is required for the 'schema' isolation tier";
      issues.push({ path: 'schema', message, rule: 'required' });
    } else if (!isValidTenantSchemaName(schema)) {
      const message =
        'must be a lower-case PostgreSQL identifier (a-z, 0-9, _; 1-63 characters, not starting with a digit) other than public, information_schema and pg_*';
      issues.push({ path: 'schema', message, rule: 'isSchemaName' });
    }
  } else if (schema != null) {
    const message = "is only allowed for the 'schema' isolation tier";
    issues.push({ path: 'schema', message, rule: 'forbidden' });
  }
  if (isolation === 'database') {
    if (databaseUrl == null) {
      const message = "is required for the 'database' isolation tier";
      issues.push({ path: 'databaseUrl', message, rule: 'required' });
    } else if (!isPostgresUrl(databaseUrl)) {
      const message = `must be a postgres:// or postgresql:// URL naming a database (at most ${TENANT_DATABASE_URL_MAX_LENGTH} characters)`;
      issues.push({ path: 'databaseUrl', message, rule: 'isPostgresUrl' });
    }
  } else if (databaseUrl != null) {
    const message = "is only allowed for the 'database' isolation tier";
    issues.push({ path: 'databaseUrl', message, rule: 'forbidden' });
  }
  return issues;
}

function isPostgresUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > TENANT_DATABASE_URL_MAX_LENGTH) return false;
  if (hasControlCharacter(value) || value.trim() !== value) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.pathname.length > 1
  );
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
