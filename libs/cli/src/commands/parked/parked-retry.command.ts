import { Option, SubCommand } from 'nest-commander';
import { ProcessorCatalog } from '../../processors/processor-catalog.js';
import { CliRun } from '../../run/cli-run.js';
import { CliCommand } from '../cli.command.js';
import type { ParkedEventOptions } from './parked-event.options.js';

/**
 * `parked retry <eventId> --processor <name> [--tenant <id>]`: hands a parked event (and the
 * events of its stream parked behind it) to the processor again, here; on success it is no
 * longer parked. A failure leaves it parked and ends with exit code 1.
 */
@SubCommand({
  name: 'retry',
  arguments: '<eventId>',
  description: 'handle a parked event again (after a fix)',
})
export class ParkedRetryCommand extends CliCommand<ParkedEventOptions> {
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
    await handle.retryParked(eventId);
    this.print(options, { eventId, processor: handle.name, target, outcome: 'retried' }, () =>
      this.output.line(
        `Parked event ${eventId} was handled by "${handle.name}" and is no longer parked.`,
      ),
    );
  }
}
