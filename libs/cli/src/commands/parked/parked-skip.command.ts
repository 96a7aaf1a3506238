import { Option, SubCommand } from 'nest-commander';
import { ProcessorCatalog } from '../../processors/processor-catalog.js';
import { CliRun } from '../../run/cli-run.js';
import { CliCommand } from '../cli.command.js';
import type { ParkedEventOptions } from './parked-event.options.js';

/** `parked skip <eventId> --processor <name> [--tenant <id>]`: drops a parked event unhandled. */
@SubCommand({
  name: 'skip',
  arguments: '<eventId>',
  description: 'drop a parked event without handling it',
})
export class ParkedSkipCommand extends CliCommand<ParkedEventOptions> {
  constructor(
    cli: CliRun,
    private readonly catalog: ProcessorCatalog,
  ) {
    super(cli);
  }

  /** `--processor <name>`. */
  @Option({
    flags: '--processor <name>',
    description: 'the processor that parked it (see `parked list`)',
    required: true,
  })
  parseProcessor(value: string): string {
    return value;
  }

  /** `--tenant <id>`. */
  @Option({ flags: '--tenant <id>', description: "the processor of this tenant's storage target" })
  parseTenant(value: string): string {
    return value;
  }

  protected async execute([eventId]: string[], options: ParkedEventOptions): Promise<void> {
    const { handle, target } = await this.catalog.find(options.processor, {
      tenantId: options.tenant,
    });
    await handle.skipParked(eventId);
    this.print(options, { eventId, processor: handle.name, target, outcome: 'skipped' }, () =>
      this.output.line(`Parked event ${eventId} of "${handle.name}" was skipped (not handled).`),
    );
  }
}
