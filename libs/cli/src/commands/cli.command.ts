import { runInContext } from '@cqrs-ddd/core';
import { CommandRunner, Option } from 'nest-commander';
import type { CliOutput } from '../output/cli-output.js';
import { CliRun } from '../run/cli-run.js';

/** Options every command takes. */
export interface CliCommandOptions {
  /** `--json`: print the result as JSON (alone on stdout) instead of a table. */
  readonly json?: boolean;
}

/**
 * Base of the CLI's commands: runs the command in a request context of its own (a correlation id,
 * as every entry point of the suite), and offers `--json`.
 */
export abstract class CliCommand<
  TOptions extends CliCommandOptions = CliCommandOptions,
> extends CommandRunner {
  constructor(protected readonly cli: CliRun) {
    super();
  }

  /** Where the command prints. */
  protected get output(): CliOutput {
    return this.cli.output;
  }

  /** Called by nest-commander with the positional arguments and the parsed options. */
  async run(params: string[], options?: Record<string, unknown>): Promise<void> {
    await runInContext({}, () => this.execute(params, (options ?? {}) as TOptions));
  }

  /** `--json`. */
  @Option({ flags: '--json', description: 'print the result as JSON (nothing else on stdout)' })
  parseJson(): boolean {
    return true;
  }

  /** Prints `value` as JSON with `--json`, else calls `human` to print tables or lines. */
  protected print(options: TOptions, value: unknown, human: () => void): void {
    if (options.json) this.output.json(value);
    else human();
  }

  /** Does the command's work. */
  protected abstract execute(params: string[], options: TOptions): Promise<void>;
}
