/**
 * SQL of `PostgresLockStrategy` over the leases table. Expiries are computed and compared on
 * the database clock (one `clock_timestamp()` per statement), so instances whose own clocks are
 * skewed still agree on who holds a lease. Parameters are `?` placeholders.
 */
export interface LeaseStatements {
  /**
   * Takes `resource` for `session` (params: resource, session id, ttl ms) when it is free or
   * expired (new owner: token + 1, one hold) or already held by the same session (re-entry:
   * same token, one more hold, expiry raised to at least now + ttl). Returns `token`,
   * `expires_at`, or no row when another session holds it.
   */
  readonly take: string;
  /**
   * Sets the expiry of a live lease to now + ttl (params: ttl ms, resource, token). Returns
   * `expires_at`, or no row when the lease is not held with that token any more.
   */
  readonly extend: string;
  /**
   * Gives up one hold of a live lease (params: resource, token); the last hold frees it.
   * Returns the remaining `holds`, or no row when the lease is not held with that token.
   */
  readonly release: string;
}

/** The statements for the leases table `table` (quoted, schema-qualified). */
export function leaseStatements(table: string): LeaseStatements {
  // ON CONFLICT DO UPDATE takes no FROM list: it reads the statement's clock by sub-select.
  const liveAt = (now: string) => `l.holds > 0 AND l.expires_at > ${now}`;
  const live = liveAt('clock.now');
  const liveOnConflict = liveAt('(SELECT now FROM clock)');
  const reentry = `${liveOnConflict} AND l.session_id = excluded.session_id`;
  return {
    take: `WITH clock AS MATERIALIZED (SELECT clock_timestamp() AS now)
      INSERT INTO ${table} AS l (resource, session_id, token, holds, expires_at)
      SELECT ?, ?, 1, 1, clock.now + ? * interval '1 millisecond' FROM clock
      ON CONFLICT (resource) DO UPDATE SET
        token = CASE WHEN ${reentry} THEN l.token ELSE l.token + 1 END,
        holds = CASE WHEN ${reentry} THEN l.holds + 1 ELSE 1 END,
        expires_at = CASE WHEN ${reentry}
          THEN greatest(l.expires_at, excluded.expires_at) ELSE excluded.expires_at END,
        session_id = excluded.session_id
      WHERE NOT (${liveOnConflict}) OR l.session_id = excluded.session_id
      RETURNING l.token::text AS token, l.expires_at`,
    extend: `WITH clock AS MATERIALIZED (SELECT clock_timestamp() AS now)
      UPDATE ${table} AS l SET expires_at = clock.now + ? * interval '1 millisecond'
      FROM clock
      WHERE l.resource = ? AND l.token = ? AND ${live}
      RETURNING l.expires_at`,
    release: `WITH clock AS MATERIALIZED (SELECT clock_timestamp() AS now)
      UPDATE ${table} AS l SET
        holds = l.holds - 1,
        session_id = CASE WHEN l.holds = 1 THEN NULL ELSE l.session_id END,
        expires_at = CASE WHEN l.holds = 1 THEN NULL ELSE l.expires_at END
      FROM clock
      WHERE l.resource = ? AND l.token = ? AND ${live}
      RETURNING l.holds`,
  };
}
