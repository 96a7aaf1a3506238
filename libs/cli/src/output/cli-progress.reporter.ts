import cliProgress from 'cli-progress';
import type { CliWritable } from './cli-streams.js';

/** How a {@link CliProgressReporter} shows progress. */
export type CliProgressMode =
  /** A redrawn bar (stdout is a terminal). */
  | 'bar'
  /** A line per change, at most every `lineIntervalMs` (stdout is a file or a pipe). */
  | 'lines'
  /** Nothing (`--json`: the result alone goes to stdout). */
  | 'silent';

/**
 * Progress of a long operation (rebuilds, replays) as `done / total`: a `cli-progress` bar on a
 * terminal, else periodic lines `<label>: <done>/<total> events (<percent>%)`.
 */
export class CliProgressReporter {
  private bar?: cliProgress.SingleBar;
  private lastLine?: string;
  private lastLineAt = 0;

  constructor(
    private readonly stream: CliWritable,
    private readonly label: string,
    private readonly mode: CliProgressMode,
    private readonly lineIntervalMs = 1_000,
  ) {}

  /** Shows the start: `0 / total`. */
  start(total: number): void {
    if (this.mode === 'bar') {
      this.bar = new cliProgress.SingleBar(
        {
          format: `${this.label} [{bar}] {percentage}% | {value}/{total} events`,
          stream: this.stream as NodeJS.WritableStream,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, 0);
    } else {
      this.update(0, total, true);
    }
  }

  /** Shows `done / total` (the total may grow while the log does). */
  update(done: number, total: number, force = false): void {
    if (this.bar) {
      this.bar.setTotal(total);
      this.bar.update(Math.min(done, total));
      return;
    }
    if (this.mode !== 'lines') return;
    const line = progressLine(this.label, done, total);
    const now = Date.now();
    if (!force && (line === this.lastLine || now - this.lastLineAt < this.lineIntervalMs)) return;
    this.lastLine = line;
    this.lastLineAt = now;
    this.stream.write(`${line}\n`);
  }

  /** Shows the end state and releases the terminal. */
  stop(done: number, total: number): void {
    if (this.bar) {
      this.update(done, total);
      this.bar.stop();
      this.bar = undefined;
      return;
    }
    if (this.mode === 'lines' && progressLine(this.label, done, total) !== this.lastLine) {
      this.update(done, total, true);
    }
  }
}

/** `<label>: <done>/<total> events (<percent>%)`. */
export function progressLine(label: string, done: number, total: number): string {
  const percent = total === 0 ? 100 : Math.floor((Math.min(done, total) / total) * 100);
  return `${label}: ${Math.min(done, total)}/${total} events (${percent}%)`;
}
