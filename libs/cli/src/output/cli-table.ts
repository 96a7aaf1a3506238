import Table from 'cli-table3';

/** A cell of {@link renderTable}: `undefined`/`null` print as `-`. */
export type CliCell = string | number | boolean | null | undefined;

/**
 * Renders rows as a plain-text table (box drawing, no colours, so output is the same on a
 * terminal and in a file); `(none)` under the header when there are no rows.
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly CliCell[])[],
): string {
  const table = new Table({ head: [...head], style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map(formatCell));
  const text = table.toString();
  return rows.length === 0 ? `${text}\n(none)` : text;
}

/** Text of one cell. */
export function formatCell(value: CliCell): string {
  if (value === undefined || value === null || value === '') return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}
