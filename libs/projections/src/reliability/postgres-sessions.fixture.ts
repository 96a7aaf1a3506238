import type { SqlEntityManager } from '@mikro-orm/postgresql';

/**
 * Sessions of `applicationName` (a child process) on the current database inside a transaction
 * that has written (it holds a transaction id).
 */
export async function openWriteTransactions(
  em: SqlEntityManager,
  applicationName: string,
): Promise<number> {
  const [row] = await em.execute<{ count: string }[]>(
    `SELECT count(*) AS count FROM pg_stat_activity
     WHERE datname = current_database() AND application_name = ? AND backend_xid IS NOT NULL`,
    [applicationName],
  );
  return Number(row.count);
}

/** Sessions of `applicationName` (a child process) still connected to the current database. */
export async function sessions(em: SqlEntityManager, applicationName: string): Promise<number> {
  const [row] = await em.execute<{ count: string }[]>(
    `SELECT count(*) AS count FROM pg_stat_activity
     WHERE datname = current_database() AND application_name = ?`,
    [applicationName],
  );
  return Number(row.count);
}

/** A partition lease as stored: holder's session id and expiry (database clock). */
export interface Lease {
  readonly sessionId: string | null;
  readonly expiresAt: Date | null;
}

/** Leases of processor `name` in the projections schema `schema`, by partition. */
export async function leasesOf(
  em: SqlEntityManager,
  schema: string,
  name: string,
): Promise<Lease[]> {
  const rows = await em.execute<{ session_id: string | null; expires_at: Date | null }[]>(
    `SELECT session_id, expires_at FROM "${schema}".processor_leases
     WHERE resource LIKE ? ORDER BY resource`,
    [`processor:${name}:%`],
  );
  return rows.map((row) => ({
    sessionId: row.session_id,
    expiresAt: row.expires_at && new Date(row.expires_at),
  }));
}
