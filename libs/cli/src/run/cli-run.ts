import { CliOutput } from '../output/cli-output.js';
import type { CliStreams } from '../output/cli-streams.js';
import { CLI_EXIT_CODES } from './cli-exit-codes.js';
import { cliExitCodeOf, isCommanderError } from './cli-exit-code.of.js';

/**
 * One invocation of the CLI: its output and the exit code it ends with. Commands reach it
 * through the `CliRun` provider of `CliModule`.
 */
export class CliRun {
  /** Where commands print. */
  readonly output: CliOutput;
  private code: number = CLI_EXIT_CODES.ok;

  constructor(streams: CliStreams) {
    this.output = new CliOutput(streams);
  }

  /** The exit code: 0 unless a command failed or set another one. */
  get exitCode(): number {
    return this.code;
  }

  /** Ends with `code` although the command returned normally (e.g. a check that found problems). */
  setExitCode(code: number): void {
    this.code = code;
  }

  /**
   * Records a command's error: prints its message on stderr (commander printed its own already)
   * and sets the exit code it means (see `cliExitCodeOf`).
   */
  fail(error: unknown): void {
    this.code = cliExitCodeOf(error);
    if (isCommanderError(error)) return;
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    this.output.error(`Error${typeof code === 'string' ? ` [${code}]` : ''}: ${message}`);
  }
}
