import type { AuthMethod, Principal, ValidationIssue } from '@cqrs-ddd/core';

/** Who a stored user or API key authenticates as: the principal columns of both tables. */
export interface PrincipalFields {
  /** `principal.id` of the logins. */
  readonly principalId: string;
  /** Tenant of the principal; absent for platform-level principals. */
  readonly tenantId?: string;
  /** Role names, e.g. `order:reader`. */
  readonly roles: readonly string[];
  /** ABAC attributes (JSON values). */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** The principal columns as PostgreSQL returns them. */
export interface PrincipalRow {
  readonly principal_id: string;
  readonly tenant_id: string | null;
  readonly roles: string[];
  readonly attributes: Record<string, unknown> | null;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** What is wrong with `fields` (empty when nothing is). */
export function principalFieldIssues(fields: Partial<PrincipalFields>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isText(fields.principalId)) {
    issues.push({ path: 'principalId', message: 'must be a non-empty string', rule: 'isNotEmpty' });
  }
  if (fields.tenantId !== undefined && !isText(fields.tenantId)) {
    issues.push({ path: 'tenantId', message: 'must be absent or non-empty', rule: 'isNotEmpty' });
  }
  if (!Array.isArray(fields.roles) || !fields.roles.every(isText)) {
    issues.push({
      path: 'roles',
      message: 'must be an array of non-empty strings',
      rule: 'isArray',
    });
  }
  const { attributes } = fields;
  if (
    attributes !== undefined &&
    (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
  ) {
    issues.push({ path: 'attributes', message: 'must be a plain object', rule: 'isObject' });
  }
  return issues;
}

/** The SQL parameters of the principal columns: tenant, roles (JSON), attributes (JSON). */
export function principalParams(fields: PrincipalFields): [string | null, string, string | null] {
  return [
    fields.tenantId ?? null,
    JSON.stringify(fields.roles),
    fields.attributes === undefined ? null : JSON.stringify(fields.attributes),
  ];
}

/** A new principal from `row`: absent tenant and attributes are left out, not `null`. */
export function principalFromRow(row: PrincipalRow, authMethod: AuthMethod): Principal {
  return {
    id: row.principal_id,
    ...(row.tenant_id === null ? {} : { tenantId: row.tenant_id }),
    roles: [...row.roles],
    ...(row.attributes === null ? {} : { attributes: row.attributes }),
    authMethod,
  };
}
