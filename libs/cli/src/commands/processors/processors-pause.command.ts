import { Option, SubCommand } from 'nest-commander';
import { ProcessorCatalog } from '../../processors/processor-catalog.js';
import { CliRun } from '../../run/cli-run.js';
import { CliCommand } from '../cli.command.js';
import type { ProcessorTargetOptions } from './processor-target.options.js';

/**
 * `processors pause <name> [--tenant <id>]`: suspends a processor durably, on every instance
 * (each finishes its running batch and starts no other) until `processors resume`, across
 * restarts too.
 */
@SubCommand({
  name: 'pause',
  arguments: '<name>',
  description: 'suspend a processor on every instance (durable) until resumed',
})
export class ProcessorsPauseCommand extends CliCommand<ProcessorTargetOptions> {
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

  protected async execute([name]: string[], options: ProcessorTargetOptions): Promise<void> {
    const { handle, target } = await this.catalog.find(name, { tenantId: options.tenant });
    await handle.suspend();
    this.print(options, { name, target, suspended: true }, () =>
      this.output.line(
        `Processor "${name}" on ${target} is suspended on every instance (running batches finish first).`,
      ),
    );
  }
}
