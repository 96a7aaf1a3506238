const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** `timestamptz` expression as ISO-8601 UTC text with milliseconds (independent of TimeZone). */
export function isoTimestampSql(expression: string): string {
  return `to_char(${expression} AT TIME ZONE 'UTC', ${ISO_UTC})`;
}

/**
 * Does stream version `version` satisfy an expected version passed as a kind (`'any'`,
 * `'no_stream'`, `'stream_exists'`, `'exact'`) plus, for `'exact'`, a number? Two parameters, so
 * that no text is ever cast to a number inside the database.
 */
export function expectedVersionMatchesSql(kind: string, exact: string, version: string): string {
  return (
    `CASE ${kind} WHEN 'any' THEN true WHEN 'no_stream' THEN ${version} = 0 ` +
    `WHEN 'stream_exists' THEN ${version} > 0 ELSE ${version} = ${exact} END`
  );
}
