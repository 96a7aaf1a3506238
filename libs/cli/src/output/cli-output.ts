import { type CliProgressMode, CliProgressReporter } from './cli-progress.reporter.js';
import type { CliStreams } from './cli-streams.js';
import { type CliCell, renderTable } from './cli-table.js';

/**
 * What commands print: results on stdout (a table, or JSON with `--json`: then nothing else goes
 * to stdout), notes and errors on stderr, progress on stdout (a bar on a terminal, lines
 * otherwise, nothing with `--json`).
 */
export class CliOutput {
  constructor(private readonly streams: CliStreams) {}

  /** Whether stdout is a terminal. */
  get isTerminal(): boolean {
    return this.streams.stdout.isTTY === true;
  }

  /** Prints `value` as JSON (indented), alone on stdout. */
  json(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Prints a table (see `renderTable`), after an optional title line. */
  table(head: readonly string[], rows: readonly (readonly CliCell[])[], title?: string): void {
    if (title) this.line(title);
    this.line(renderTable(head, rows));
  }

  /** Prints one line of result text on stdout. */
  line(text: string): void {
    this.streams.stdout.write(`${text}\n`);
  }

  /** Prints a note or an error on stderr. */
  error(text: string): void {
    this.streams.stderr.write(`${text}\n`);
  }

  /** Progress of a long operation, shown as this output allows (none with `json`). */
  progress(label: string, json: boolean): CliProgressReporter {
    const mode: CliProgressMode = json ? 'silent' : this.isTerminal ? 'bar' : 'lines';
    return new CliProgressReporter(this.streams.stdout, label, mode);
  }
}
