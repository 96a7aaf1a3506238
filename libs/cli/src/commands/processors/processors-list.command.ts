import { Option, SubCommand } from 'nest-commander';
import { ProcessorCatalog } from '../../processors/processor-catalog.js';
import { summarizeProcessor } from '../../projections/projection-overview.js';
import { CliRun } from '../../run/cli-run.js';
import { CliCommand } from '../cli.command.js';
import type { ProcessorTargetOptions } from './processor-target.options.js';

/**
 * `processors list [--tenant <id>]`: every checkpointed processor (projection generations,
 * outbox relays...) of every storage target: checkpoints, lag, parked events, suspension.
 */
@SubCommand({ name: 'list', description: 'list the processors of every storage target' })
export class ProcessorsListCommand extends CliCommand<ProcessorTargetOptions> {
  constructor(
    cli: CliRun,
    private readonly catalog: ProcessorCatalog,
  ) {
    super(cli);
  }

  /** `--tenant <id>`. */
  @Option({ flags: '--tenant <id>', description: "only this tenant's storage target" })
  parseTenant(value: string): string {
    return value;
  }

  protected async execute(_params: string[], options: ProcessorTargetOptions): Promise<void> {
    const processors = await this.catalog.list({ tenantId: options.tenant });
    const rows = await Promise.all(
      processors.map(async ({ name, target, tenantId, kind, handle }) => ({
        name,
        target,
        tenantId: tenantId ?? null,
        kind,
        ...summarizeProcessor(await handle.status()),
      })),
    );
    this.print(options, rows, () =>
      this.output.table(
        [
          'Target',
          'Processor',
          'Kind',
          'State here',
          'Checkpoint',
          'Behind',
          'Parked',
          'Suspended',
        ],
        rows.map((row) => [
          row.target,
          row.name,
          row.kind,
          row.states,
          row.checkpoints.join(' '),
          row.eventsBehind,
          row.parked,
          row.suspended,
        ]),
      ),
    );
  }
}
