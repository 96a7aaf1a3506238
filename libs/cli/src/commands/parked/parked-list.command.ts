import { Option, SubCommand } from 'nest-commander';
import { ProcessorCatalog } from '../../processors/processor-catalog.js';
import { CliRun } from '../../run/cli-run.js';
import { CliCommand, type CliCommandOptions } from '../cli.command.js';
import { positiveInteger } from '../option-parsers.js';

/** Options of `parked list`. */
export interface ParkedListOptions extends CliCommandOptions {
  readonly processor?: string;
  readonly tenant?: string;
  readonly limit?: number;
}

/**
 * `parked list [--processor <name>] [--tenant <id>] [--limit <n>]`: events processors gave up
 * on, with their error, oldest first (per processor).
 */
@SubCommand({ name: 'list', description: 'list parked events (dead letters of the processors)' })
export class ParkedListCommand extends CliCommand<ParkedListOptions> {
  constructor(
    cli: CliRun,
    private readonly catalog: ProcessorCatalog,
  ) {
    super(cli);
  }

  /** `--processor <name>`. */
  @Option({ flags: '--processor <name>', description: 'only the events this processor parked' })
  parseProcessor(value: string): string {
    return value;
  }

  /** `--tenant <id>`. */
  @Option({ flags: '--tenant <id>', description: "only this tenant's storage target" })
  parseTenant(value: string): string {
    return value;
  }

  /** `--limit <n>`. */
  @Option({ flags: '--limit <n>', description: 'at most this many per processor (default 100)' })
  parseLimit(value: string): number {
    return positiveInteger('--limit', value);
  }

  protected async execute(_params: string[], options: ParkedListOptions): Promise<void> {
    const query = { tenantId: options.tenant };
    const processors =
      options.processor === undefined
        ? await this.catalog.list(query)
        : [await this.catalog.find(options.processor, query)];
    const parked = (
      await Promise.all(
        processors.map(async ({ target, handle }) =>
          (await handle.listParked({ limit: options.limit })).map((event) => ({
            target,
            ...event,
          })),
        ),
      )
    ).flat();
    this.print(options, parked, () =>
      this.output.table(
        [
          'Target',
          'Processor',
          'Event id',
          'Type',
          'Stream',
          'Version',
          'Attempts',
          'Parked at',
          'Error',
        ],
        parked.map((event) => [
          event.target,
          event.processorName,
          event.eventId,
          event.type,
          event.streamId,
          event.streamVersion,
          event.attempts,
          event.parkedAt,
          event.error.message,
        ]),
      ),
    );
  }
}
