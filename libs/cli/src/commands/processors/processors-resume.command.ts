import { Option, SubCommand } from 'nest-commander';
import { ProcessorCatalog } from '../../processors/processor-catalog.js';
import { CliRun } from '../../run/cli-run.js';
import { CliCommand } from '../cli.command.js';
import type { ProcessorTargetOptions } from './processor-target.options.js';

/** `processors resume <name> [--tenant <id>]`: ends a suspension; every instance resumes. */
@SubCommand({
  name: 'resume',
  arguments: '<name>',
  description: 'end the suspension of a processor on every instance',
})
export class ProcessorsResumeCommand extends CliCommand<ProcessorTargetOptions> {
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
    await handle.unsuspend();
    this.print(options, { name, target, suspended: false }, () =>
      this.output.line(`Processor "${name}" on ${target} resumes on every instance.`),
    );
  }
}
