import { MultitenancyConfigurationError } from '../errors/multitenancy-configuration.error.js';
import {
  createRoleSql,
  grantMembershipSql,
  membershipProbeSql,
  ROLE_PROBE_SQL,
} from './tenant-row-level-security.sql.js';

/** Runs one statement in the caller's transaction and returns its rows. */
export type TenantSqlRun = <T = Record<string, unknown>>(
  sql: string,
  params?: unknown[],
) => Promise<T[]>;

/** Runs one statement that changes something, and records it (the set-up's report). */
export type TenantSqlApply = (sql: string) => Promise<void>;

/**
 * Makes sure the NOLOGIN tenant role exists (created when missing, tolerating a concurrent
 * creation), has neither SUPERUSER nor BYPASSRLS, and is granted to `members` (default: the
 * current user) so that their sessions may `SET ROLE` to it. Changes go through `apply`. `role`
 * and `members` must be validated identifiers.
 * @throws MultitenancyConfigurationError when the role is a superuser or has BYPASSRLS
 */
export async function ensureTenantRole(
  run: TenantSqlRun,
  apply: TenantSqlApply,
  role: string,
  members: readonly string[] | undefined,
): Promise<void> {
  const [found] = await run<{ superuser: boolean; bypass_rls: boolean }>(ROLE_PROBE_SQL, [role]);
  if (!found) await apply(createRoleSql(role));
  else if (found.superuser || found.bypass_rls) {
    throw new MultitenancyConfigurationError(
      `The tenant role "${role}" is a superuser or has BYPASSRLS, so row-level security would not apply to it: use a role without them (ALTER ROLE "${role}" NOSUPERUSER NOBYPASSRLS).`,
    );
  }
  for (const member of members ?? [undefined]) {
    const [probe] = await run<{ member: boolean }>(membershipProbeSql(member, role));
    if (!probe.member) await apply(grantMembershipSql(member, role));
  }
}
