import { formatLogPosition, type LogPosition } from '@cqrs-ddd/core';
import { Option, SubCommand } from 'nest-commander';
import { CliOperationFailedError } from '../../errors/cli-operation-failed.error.js';
import { ProcessorCatalog } from '../../processors/processor-catalog.js';
import { CliRun } from '../../run/cli-run.js';
import { CliCommand } from '../cli.command.js';
import { checkpoint } from '../option-parsers.js';
import type { ProcessorTargetOptions } from './processor-target.options.js';

/** Options of `processors reset`. */
export interface ProcessorsResetOptions extends ProcessorTargetOptions {
  /** The new checkpoint (`start`: the log start; a mandatory option). */
  readonly to: LogPosition | 'start';
}

/**
 * `processors reset <name> --to <start|txid:position>`: moves every partition's checkpoint of a
 * suspended processor (`processors pause` first), to replay from there once resumed.
 */
@SubCommand({
  name: 'reset',
  arguments: '<name>',
  description: 'move the checkpoint of a suspended processor (replays from there on resume)',
})
export class ProcessorsResetCommand extends CliCommand<ProcessorsResetOptions> {
  constructor(
    cli: CliRun,
    private readonly catalog: ProcessorCatalog,
  ) {
    super(cli);
  }

  /** `--tenant <id>`. */
  @Option({ flags: '--tenant <id>', description: "the processor of this tenant's storage target" })
  parseTenant(value: string): string {
    return value;
  }

  /** `--to <checkpoint>`. */
  @Option({
    flags: '--to <checkpoint>',
    description: '"start" (the log start) or a position "<transactionId>:<globalPosition>"',
    required: true,
  })
  parseTo(value: string): LogPosition | 'start' {
    return checkpoint('--to', value);
  }

  protected async execute([name]: string[], options: ProcessorsResetOptions): Promise<void> {
    const { handle, target } = await this.catalog.find(name, { tenantId: options.tenant });
    if (!(await handle.status()).suspended) {
      throw new CliOperationFailedError(
        `Processor "${name}" on ${target} is not suspended: run \`processors pause ${name}\` first, ` +
          'so that no instance moves the checkpoint meanwhile.',
      );
    }
    await handle.reset(options.to === 'start' ? null : options.to);
    const to = options.to === 'start' ? 'start' : formatLogPosition(options.to);
    this.print(options, { name, target, checkpoint: to }, () =>
      this.output.line(
        `Processor "${name}" on ${target} reset to ${to}; it replays from there once resumed.`,
      ),
    );
  }
}
